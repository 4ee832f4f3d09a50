package herald.broker;

import java.util.OptionalLong;

/**
 * One subscriber's place in a topic's channel, from {@link Broker#subscribe} until {@link #cancel}.
 *
 * <p>Joining a channel that is live on this node is one step: the subscriber starts at the channel's position
 * ({@link #livePosition}). Joining a channel that is starting is two, because the subscriber only learns where
 * it starts after it joined: it joins, reads the topic's head from the log, and then calls {@link #startAfter}
 * with it. In between, the channel may already hand it batches (which it holds until it knows its head, as
 * {@code TopicFeed} does).
 */
public final class Subscription {

    private final TopicChannels channels;
    private final TopicKey key;
    private final TopicChannel channel;
    private final Subscriber subscriber;
    private final long joinedAt;

    Subscription(TopicChannels channels, TopicKey key, TopicChannel channel, Subscriber subscriber, long joinedAt) {
        this.channels = channels;
        this.key = key;
        this.channel = channel;
        this.subscriber = subscriber;
        this.joinedAt = joinedAt;
    }

    /**
     * The seq after which the channel hands this subscriber every batch, when the channel was live on this node
     * as the subscriber joined: a live subscriber can start there without reading the log (and need not call
     * {@link #startAfter}). Empty when the channel was starting: then the head read from the log decides.
     */
    public OptionalLong livePosition() {
        return joinedAt == TopicChannel.NOT_STARTED ? OptionalLong.empty() : OptionalLong.of(joinedAt);
    }

    /**
     * Tells the channel that this subscriber wants the topic's events after {@code head}, a head read from
     * the log after joining. Must be called once (or the subscription cancelled): a new channel holds its
     * batches until each subscriber that joined while it was starting has called it.
     */
    public void startAfter(long head) {
        channel.started(subscriber, head, channels.fanOut(channel));
    }

    /** Leaves the topic; idempotent. The channel is forgotten with its last subscriber. */
    public void cancel() {
        channels.leave(key, channel, subscriber);
    }
}
