package herald.cluster;

import static herald.limits.JsonProviders.JSON;

import herald.log.control.CommitNotice;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;

/** "Close every connection of this user in this audience", as one node tells the others. */
record DropNotice(String node, String audience, String user) {

    static final String CHANNEL = "herald_drop";

    String payload() {
        return JSON.createObjectBuilder().add("node", node).add("audience", audience).add("user", user).build().toString();
    }

    /** The notice in a NOTIFY payload, or null if the payload is not one. */
    static DropNotice parse(String payload) {
        try (JsonReader reader = JSON.createReader(new StringReader(payload))) {
            JsonObject notice = reader.readObject();
            return new DropNotice(notice.getString("node"), notice.getString("audience"), notice.getString("user"));
        } catch (JsonException | IllegalStateException | ClassCastException | NullPointerException e) {
            return null;
        }
    }

    boolean fromThisNode() {
        return CommitNotice.THIS_NODE.equals(node);
    }
}
