/**
 * The Courier door (SPEC §2, §3): JWT-authenticated REST to manage audiences and topics, publish through a
 * hook and sign WebSocket tickets, and the {@code /ws} socket with the original protocol and Herald's own
 * {@code herald.v1} (acks, error frames, lossless resume, durable consumers).
 *
 * <p>Guarantees (test ids in brackets):
 * <ul>
 *   <li>[CR-AUDIENCE] Everything is scoped to the token's audience; no caller sees another audience.</li>
 *   <li>[CR-DELIVERY] A publish is committed before any subscriber sees it or the publisher gets its ack; every
 *       subscriber of the topic receives it once, in seq order; a broadcast reaches each open connection of the
 *       audience once.</li>
 *   <li>[CR-RESUME] A {@code herald.v1} subscription with {@code since} receives every committed event after
 *       that point, then live ones, with no gap and no duplicate.</li>
 *   <li>[CR-DURABLE] A {@code herald.v1} subscription with {@code consumer} resumes, on any node, after the
 *       consumer's last stored ack for the topic, with no gap and no duplicate; {@code ack} moves that offset
 *       forward only and is answered once stored; {@code /v1/consumers} shows a caller its own consumers (an
 *       admin every one of the audience) and forgets the caller's.</li>
 *   <li>[CR-PRIVATE] {@code users/{x}} is readable by x, connectors and admins, writable by connectors and admins.</li>
 * </ul>
 */
package herald.courier;
