package herald.it;

import herald.dev.PayaraDatasource;
import java.util.List;
import java.util.Map;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.glassfish.embeddable.CommandResult;
import org.glassfish.embeddable.CommandRunner;

/**
 * Embedded Payara, the default: the test JVM is the server JVM, so the datasource is created with asadmin's
 * {@link CommandRunner} (the same commands as server-config/payara) and the settings are system properties.
 */
final class EmbeddedPayaraSetup implements ServerSetup {

    @Override
    public void afterStart(TestDatabase database, Map<String, String> settings) {
        CommandRunner asadmin;
        try {
            asadmin = (CommandRunner) new InitialContext().lookup(CommandRunner.class.getName());
        } catch (NamingException e) {
            throw new IllegalStateException("embedded Payara offers no CommandRunner", e);
        }
        for (List<String> command : PayaraDatasource.commands(database.jdbcUrl(), database.user(), database.password())) {
            CommandResult result = asadmin.run(command.get(0), command.subList(1, command.size()).toArray(String[]::new));
            if (result.getExitStatus() == CommandResult.ExitStatus.FAILURE) {
                throw new IllegalStateException(command.get(0) + " failed: " + result.getOutput(), result.getFailureCause());
            }
        }
        settings.forEach(System::setProperty);
    }
}
