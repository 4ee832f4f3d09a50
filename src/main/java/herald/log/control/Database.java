package herald.log.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import javax.sql.DataSource;

/**
 * The one place that names Herald's datasource; every component injects it from here. It is the server's,
 * reached through the WAR's resource reference {@code java:comp/env/jdbc/herald} (web.xml), which each
 * server's descriptor binds to the datasource its server-config/ script, the run command or the test set-up
 * created: {@code jdbc/herald} on Payara, {@code java:/jdbc/herald} on WildFly. One WAR for both.
 */
@ApplicationScoped
public class Database {

    /**
     * The resource reference web.xml declares. Looked up rather than declared here with {@code @Resource(name)}:
     * for an annotation-declared DataSource reference WildFly injects the platform's default datasource.
     */
    public static final String REFERENCE = "java:comp/env/jdbc/herald";

    @Resource(lookup = REFERENCE)
    DataSource dataSource;

    @Produces
    DataSource dataSource() {
        return dataSource;
    }
}
