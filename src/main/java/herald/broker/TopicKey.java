package herald.broker;

/** A topic as subscribers name it: topics that have no row yet can be subscribed too. */
record TopicKey(String audience, String topic) {
}
