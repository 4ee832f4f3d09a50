package herald.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * docs/grafana-dashboard.json asks Prometheus only for series Herald exports [METRICS-NAMES], and shows every one of
 * Herald's own.
 */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("docs/grafana-dashboard.json");
    /** Herald's series and the JVM's: what the dashboard may ask for. */
    private static final Pattern SERIES_NAME = Pattern.compile("\\b(herald|jvm|process|system)_[a-z0-9_]+");
    private static final Pattern HISTOGRAM_PART = Pattern.compile("_(bucket|count|sum|max)$");

    JsonObject dashboard;
    /** Every PromQL expression: the panels' queries and the variables'. */
    final List<String> queries = new ArrayList<>();

    @BeforeEach
    void read() throws IOException {
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(DASHBOARD))) {
            dashboard = reader.readObject();
        }
        panels().forEach(panel -> panel.getJsonArray("targets").getValuesAs(JsonObject.class)
                .forEach(target -> queries.add(target.getString("expr"))));
        dashboard.getJsonObject("templating").getJsonArray("list").getValuesAs(JsonObject.class).stream()
                .filter(variable -> variable.getString("type").equals("query"))
                .forEach(variable -> queries.add(variable.getJsonObject("query").getString("query")));
    }

    @Test
    void everySeriesAQueryNamesIsOneHeraldExports() {
        HeraldMetrics metrics = HeraldMetricsTest.started(new HeraldMetrics());
        Set<String> exported = PrometheusText.names(metrics.scrape());
        metrics.close();
        for (String query : queries) {
            Set<String> named = names(query);
            assertFalse(named.isEmpty(), "a query of Herald's series: " + query);
            for (String name : named) {
                assertTrue(exported.contains(name), name + " is not exported; used by " + query);
            }
        }
    }

    @Test
    void everyMetricHeraldExportsIsOnTheDashboard() {
        Set<String> shown = queries.stream().flatMap(query -> names(query).stream())
                .filter(name -> name.startsWith("herald_")).map(GrafanaDashboardTest::metric)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> exported = HeraldMetricsTest.SERIES.stream().map(GrafanaDashboardTest::metric)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(exported, shown);
    }

    @Test
    void panelsHaveUniqueIdsATitleAndQueriesOnTheChosenDatasource() {
        Set<Integer> ids = new TreeSet<>();
        for (JsonObject panel : panels()) {
            assertTrue(ids.add(panel.getInt("id")), "id " + panel.getInt("id") + " twice");
            assertFalse(panel.getString("title").isBlank());
            assertFalse(panel.getJsonArray("targets").isEmpty(), panel.getString("title"));
            assertEquals("${datasource}", panel.getJsonObject("datasource").getString("uid"), panel.getString("title"));
        }
        assertFalse(ids.isEmpty());
    }

    /** The graph panels; rows only group them. */
    private List<JsonObject> panels() {
        return dashboard.getJsonArray("panels").getValuesAs(JsonObject.class).stream()
                .filter(panel -> !panel.getString("type").equals("row")).toList();
    }

    private static Set<String> names(String query) {
        Set<String> names = new TreeSet<>();
        for (Matcher name = SERIES_NAME.matcher(query); name.find(); ) {
            names.add(name.group());
        }
        return names;
    }

    /** A series' metric: {@code herald_relay_lag_seconds} for its {@code _bucket}, {@code _count}, … */
    private static String metric(String series) {
        return HISTOGRAM_PART.matcher(series).replaceFirst("");
    }
}
