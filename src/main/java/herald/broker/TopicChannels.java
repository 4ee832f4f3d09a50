package herald.broker;

import herald.log.boundary.Appended;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The channels of the topics followed on this node, behind {@link Broker}: one per topic, while it has subscribers. */
final class TopicChannels {

    private static final Logger LOG = Logger.getLogger(Broker.class.getName());

    private final Map<TopicKey, TopicChannel> channels = new ConcurrentHashMap<>();

    Subscription subscribe(TopicKey key, Subscriber subscriber) {
        while (true) {
            TopicChannel channel = channels.computeIfAbsent(key, absent -> new TopicChannel());
            long position = channel.join(subscriber);
            if (position != TopicChannel.RETIRED) {
                return new Subscription(this, key, channel, subscriber, position);
            }
            channels.remove(key, channel); // retired by its last subscriber an instant ago
        }
    }

    void leave(TopicKey key, TopicChannel channel, Subscriber subscriber) {
        if (channel.leave(subscriber, fanOut(channel))) {
            channels.remove(key, channel);
        }
    }

    boolean isFollowed(TopicKey key) {
        TopicChannel channel = channels.get(key);
        return channel != null && channel.isFollowed();
    }

    List<Broker.Gap> gaps(Duration age) {
        long before = System.nanoTime() - age.toNanos();
        List<Broker.Gap> gaps = new ArrayList<>();
        channels.forEach((key, channel) -> channel.gapOlderThan(before)
                .ifPresent(range -> gaps.add(new Broker.Gap(key.audience(), key.topic(), range[0], range[1]))));
        return gaps;
    }

    int subscriptions() {
        return channels.values().stream().mapToInt(TopicChannel::subscriberCount).sum();
    }

    int followed() {
        return channels.size();
    }

    void deliver(Appended batch) {
        TopicChannel channel = channels.get(new TopicKey(batch.audience(), batch.topic()));
        if (channel != null) {
            channel.offer(batch, fanOut(channel));
        }
    }

    Consumer<Appended> fanOut(TopicChannel channel) {
        return batch -> {
            for (Subscriber subscriber : channel.fanOutOrder()) {
                try {
                    subscriber.deliver(batch);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "subscriber of " + batch.topic() + " failed; others unaffected", e);
                }
            }
        };
    }
}
