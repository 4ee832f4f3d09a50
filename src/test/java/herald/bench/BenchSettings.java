package herald.bench;

import java.util.Arrays;
import java.util.List;

/**
 * What to run and how big, from {@code -Dbench.*} system properties. A blank value means the default, so the
 * Maven profile can pass every property through whether or not it was given on the command line.
 */
record BenchSettings(
        List<String> scenarios,
        int subscribers,
        int subscribersPerUser,
        List<String> protocols,
        int messages,
        int rate,
        int publishers,
        List<Integer> batchSizes,
        int users,
        int posters,
        List<Integer> producers,
        List<Integer> clients,
        int seconds,
        List<Integer> nodes,
        int topics,
        int relayRate,
        int replayEvents,
        int port) {

    static BenchSettings fromSystemProperties() {
        return new BenchSettings(
                list("bench.scenarios", "courier,ingest,notifier,eventserver"),
                integer("bench.subscribers", 1000),
                integer("bench.subscribersPerUser", 50),
                list("bench.protocols", "original,herald.v1"),
                integer("bench.messages", 100),
                integer("bench.rate", 2),
                integer("bench.publishers", 4),
                integers("bench.batches", "1,100,1000"),
                integer("bench.users", 0),
                integer("bench.posters", 4),
                integers("bench.producers", "1,16,64"),
                integers("bench.clients", "1,16,64"),
                integer("bench.seconds", 10),
                integers("bench.nodes", "1,2,3"),
                integer("bench.topics", 1000),
                integer("bench.relayRate", 500),
                integer("bench.replayEvents", 100_000),
                integer("bench.port", 0));
    }

    /** How many users a push_events batch of {@code batchSize} names: one per event unless set. */
    int usersPerBatch(int batchSize) {
        return users == 0 ? batchSize : users;
    }

    boolean runs(String scenario) {
        return scenarios.contains(scenario);
    }

    @Override
    public String toString() {
        return "scenarios=" + scenarios + " subscribers=" + subscribers + " subscribersPerUser=" + subscribersPerUser
                + " protocols=" + protocols + " messages=" + messages + " rate=" + rate + "/s publishers=" + publishers
                + " batches=" + batchSizes + " users=" + (users == 0 ? "one per event" : users) + " posters=" + posters
                + " producers=" + producers + " clients=" + clients + " seconds=" + seconds
                + (runs("relay") ? " nodes=" + nodes + " topics=" + topics + " relayRate=" + relayRate + "/s" : "")
                + (runs("replay") ? " replayEvents=" + replayEvents : "");
    }

    private static String value(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static int integer(String name, int fallback) {
        return Integer.parseInt(value(name, String.valueOf(fallback)));
    }

    private static List<String> list(String name, String fallback) {
        return Arrays.stream(value(name, fallback).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static List<Integer> integers(String name, String fallback) {
        return list(name, fallback).stream().map(Integer::valueOf).toList();
    }
}
