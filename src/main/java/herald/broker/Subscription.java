package herald.broker;

/**
 * One subscriber's place in a topic's channel, from {@link Broker#subscribe} until {@link #cancel}.
 *
 * <p>Joining is two steps because a subscriber only learns where it starts after it joined: it joins, reads
 * the topic's head from the log, and then calls {@link #startAfter} with it. In between, the channel may
 * already hand it batches (which it holds until it knows its head, as {@code TopicFeed} does).
 */
public final class Subscription {

    private final TopicChannels channels;
    private final TopicKey key;
    private final TopicChannel channel;
    private final Subscriber subscriber;

    Subscription(TopicChannels channels, TopicKey key, TopicChannel channel, Subscriber subscriber) {
        this.channels = channels;
        this.key = key;
        this.channel = channel;
        this.subscriber = subscriber;
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
