package herald.log.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import javax.sql.DataSource;

/**
 * The one place that names Herald's datasource. It is the server's ({@code jdbc/herald}: created by the
 * server-config/ scripts, the run command or the test set-up); every component injects it from here.
 */
@ApplicationScoped
public class Database {

    /** JNDI name of the datasource the server defines. */
    public static final String JNDI_NAME = "jdbc/herald";

    @Resource(lookup = JNDI_NAME)
    DataSource dataSource;

    @Produces
    DataSource dataSource() {
        return dataSource;
    }
}
