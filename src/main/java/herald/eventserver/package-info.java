/**
 * The Eventserver door (SPEC §5): producers post events to a stream, consumers pull them by event name and
 * acknowledge to move their offset. A stream is a topic of the caller's audience.
 *
 * <p>Guarantees (test ids in brackets):
 * <ul>
 *   <li>[ES-LOCK] The first producer to write a stream owns it; every other producer gets 423 and writes
 *       nothing, even when both race on a new stream.</li>
 *   <li>[ES-PULL] A pull returns the next events of one name after the consumer's offset, oldest first, and
 *       does not move the offset (at-least-once).</li>
 *   <li>[ES-ACK] Acknowledgements are cumulative and idempotent: the offset only moves forward.</li>
 *   <li>[ES-FORMAT] Every response is a JSON string or array with
 *       {@code Content-Type: application/json; charset=utf-8}; bad input gets a 4xx naming the reason and
 *       changes nothing.</li>
 * </ul>
 * Out of scope: live delivery (streams are topics, so Courier subscribers of the stream receive them).
 */
package herald.eventserver;
