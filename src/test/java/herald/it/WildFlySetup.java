package herald.it;

import java.util.Map;

/**
 * A real WildFly, unpacked by the build and configured offline by server-config/wildfly/configure.sh before
 * Arquillian's managed adapter starts it (on the ports the build reserved) and deploys to it.
 */
final class WildFlySetup implements ServerSetup {

    @Override
    public void beforeStart(TestDatabase database, Map<String, String> settings) {
        ServerConfigScript.run("wildfly", database, settings, Map.of(
                "JBOSS_HOME", TestServer.required("herald.it.jboss.home"),
                "WILDFLY_CONFIG", "standalone.xml"));
    }
}
