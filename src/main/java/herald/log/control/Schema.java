package herald.log.control;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the database schema to the version this WAR needs before any request is served. Migrations are
 * versioned SQL under {@code db/migration}; Flyway's history table and lock make it safe for several nodes
 * starting at once.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN) // Flyway commits each migration itself
public class Schema {

    private static final Logger LOG = Logger.getLogger(Schema.class.getName());

    @Inject
    DataSource database;

    private String version;

    @PostConstruct
    void migrate() {
        MigrateResult result = Flyway.configure(Schema.class.getClassLoader())
                .dataSource(database)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        LOG.info(() -> "Herald schema at version " + version + " (" + result.migrationsExecuted + " migrations applied)");
    }

    /** The schema version after start-up migration. */
    @Lock(LockType.READ)
    public String version() {
        return version;
    }
}
