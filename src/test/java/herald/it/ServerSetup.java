package herald.it;

import java.util.Map;

/**
 * What it takes to give one kind of server Herald's datasource and settings before the WAR is deployed, as an
 * operator would. Chosen by the system property {@code herald.it.server}, which each Maven profile sets.
 */
interface ServerSetup {

    /**
     * Before the container starts.
     *
     * @param database the test database
     * @param settings Herald's settings, MicroProfile Config key to value
     */
    default void beforeStart(TestDatabase database, Map<String, String> settings) {
    }

    /** After the container started, before the first deployment. */
    default void afterStart(TestDatabase database, Map<String, String> settings) {
    }

    /** After the container stopped, before the database does. */
    default void afterStop() {
    }

    static ServerSetup selected() {
        String server = System.getProperty("herald.it.server", "payara-embedded");
        return switch (server) {
            case "payara-embedded" -> new EmbeddedPayaraSetup();
            case "payara-server" -> new PayaraServerSetup();
            case "wildfly" -> new WildFlySetup();
            default -> throw new IllegalArgumentException("herald.it.server=" + server
                    + ": expected payara-embedded, payara-server or wildfly");
        };
    }
}
