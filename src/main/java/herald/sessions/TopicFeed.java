package herald.sessions;

import herald.broker.Subscriber;
import herald.log.boundary.Appended;
import herald.log.control.EventLog;
import herald.log.entity.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * One topic flowing to one connection: optionally replayed from the log, then live, with no gap and no
 * duplicate at the seam (DESIGN.md decision 3).
 *
 * <p>The feed is registered with the broker before it reads the log. Until the replay has caught up, live
 * batches are held; afterwards they are sent, minus anything the replay already sent. Every event committed
 * before registration is found by the replay (its last read starts after registration), every event whose
 * notification arrives after registration is held or sent, so nothing falls between the two.
 */
public final class TopicFeed implements Subscriber {

    static final int REPLAY_PAGE = 500;

    private final Connection connection;
    private final String topic;
    private final Wire wire;
    private final Predicate<Event> filter;

    private long lastSeq;
    private List<Appended> held;

    /**
     * @param filter which events this connection wants (Notifier: {@code created_at >= timestamp})
     */
    TopicFeed(Connection connection, String topic, Wire wire, Predicate<Event> filter, boolean replays) {
        this.connection = connection;
        this.topic = topic;
        this.wire = wire;
        this.filter = filter;
        this.held = replays ? new ArrayList<>() : null;
    }

    public String topic() {
        return topic;
    }

    @Override
    public void deliver(Appended batch) {
        synchronized (this) {
            if (held != null) {
                held.add(batch);
            } else {
                send(batch);
            }
        }
    }

    /**
     * Sends every event of the topic after {@code afterSeq} from the log, then switches to live delivery.
     * Runs on the caller's thread; live batches wait meanwhile.
     *
     * @return how many events were replayed
     */
    int replay(EventLog log, long topicId, long afterSeq) {
        int replayed = 0;
        synchronized (this) {
            lastSeq = afterSeq;
        }
        List<Event> page;
        do {
            long from;
            synchronized (this) {
                from = lastSeq;
            }
            page = topicId == 0 ? List.of() : log.read(topicId, from, REPLAY_PAGE);
            synchronized (this) {
                List<Event> wanted = page.stream().filter(filter).toList();
                if (!wanted.isEmpty()) {
                    wire.send(connection.outbox(), topic, wanted, null);
                    replayed += wanted.size();
                }
                if (!page.isEmpty()) {
                    lastSeq = page.get(page.size() - 1).seq();
                }
            }
        } while (page.size() == REPLAY_PAGE && connection.isOpen());
        synchronized (this) {
            for (Appended batch : held) {
                send(batch);
            }
            held = null;
        }
        return replayed;
    }

    private void send(Appended batch) {
        if (batch.lastSeq() <= lastSeq) {
            return;
        }
        Appended fresh = batch.from(lastSeq + 1);
        lastSeq = fresh.lastSeq();
        List<Event> wanted = fresh.events().stream().filter(filter).toList();
        if (!wanted.isEmpty()) {
            wire.send(connection.outbox(), topic, wanted, wanted.size() == fresh.events().size() ? fresh : null);
        }
    }
}
