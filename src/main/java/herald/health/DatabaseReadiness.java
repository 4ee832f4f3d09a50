package herald.health;

import herald.log.control.Schema;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when PostgreSQL answers within a second and holds the schema version this WAR expects. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    static final String NAME = "database";

    @Inject
    DataSource database;

    @Inject
    Schema schema;

    @Override
    public HealthCheckResponse call() {
        try (Connection connection = database.getConnection(); Statement query = connection.createStatement()) {
            query.setQueryTimeout(1);
            try (ResultSet row = query.executeQuery("""
                    select version from flyway_schema_history
                     where success and version is not null order by installed_rank desc limit 1""")) {
                String found = row.next() ? row.getString(1) : "none";
                String expected = schema.version();
                return HealthCheckResponse.named(NAME)
                        .status(found.equals(expected))
                        .withData("schema", found)
                        .withData("expected", expected)
                        .build();
            }
        } catch (SQLException e) {
            return HealthCheckResponse.named(NAME).down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
