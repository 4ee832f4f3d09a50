package herald.dev;

import java.util.List;

/**
 * The asadmin commands that give a Payara server Herald's datasource ({@code jdbc/herald}); the same ones
 * server-config/payara runs. Shared by the test set-up (embedded Payara) and the run command (Payara Micro).
 */
public final class PayaraDatasource {

    public static final String POOL = "herald-pool";
    public static final String JNDI_NAME = "jdbc/herald";

    private PayaraDatasource() {
    }

    /** Each command as asadmin arguments: the command name first. */
    public static List<List<String>> commands(String jdbcUrl, String user, String password) {
        StringBuilder properties = new StringBuilder("URL=").append(escape(jdbcUrl));
        if (user != null && !user.isEmpty()) {
            properties.append(":user=").append(escape(user));
        }
        if (password != null && !password.isEmpty()) {
            properties.append(":password=").append(escape(password));
        }
        properties.append(":reWriteBatchedInserts=true");
        return List.of(
                List.of("create-jdbc-connection-pool",
                        "--datasourceclassname", "org.postgresql.ds.PGSimpleDataSource",
                        "--restype", "javax.sql.DataSource",
                        "--steadypoolsize", "4",
                        "--maxpoolsize", "64",
                        "--property", properties.toString(),
                        POOL),
                List.of("create-jdbc-resource", "--connectionpoolid", POOL, JNDI_NAME));
    }

    /** asadmin separates properties with ':' and splits names from values at '='. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=");
    }
}
