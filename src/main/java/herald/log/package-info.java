/**
 * The durable, ordered event log in PostgreSQL: the single source of truth behind every door.
 *
 * <p>Guarantees (test ids in brackets):
 * <ul>
 *   <li>[LOG-ORDER] Within a topic, {@code seq} is gapless from 1 and follows commit order, even with many
 *       concurrent writers: the topic row is locked while its head advances.</li>
 *   <li>[LOG-NAMESEQ] Within a topic and event name, {@code nameSeq} is gapless from 1, in the same order.</li>
 *   <li>[LOG-ATOMIC] A batch is appended in one transaction: all of its events or none.</li>
 *   <li>[LOG-OWNER] A topic claimed by a producer accepts claims from that producer only; the claim and the
 *       first append are one atomic step, so two producers racing on a new topic cannot both win.</li>
 *   <li>[LOG-AFTER-COMMIT] {@link herald.log.boundary.Appended} reaches observers only after commit.</li>
 *   <li>[LOG-GROUP] A node commits every door's appends in groups (one writer, no timer): a caller is answered
 *       only after its group committed; a request refused by a rule or by the database fails alone and the
 *       rest of its group commits; past a bound of waiting events an append is refused at once, unwritten.</li>
 *   <li>[DC-START] A durable WebSocket consumer new to a topic starts at the given seq or the head, which is
 *       stored; afterwards it resumes from its stored offset, on any node.</li>
 *   <li>[DC-FORWARD] A consumer's offset only moves forward; an ack is answered only once the statement
 *       storing it committed.</li>
 *   <li>[DC-BATCH] Acks queued on a node are stored together: one head query and one statement per flush,
 *       the highest seq per consumer and topic; an ack beyond its topic's head is refused alone.</li>
 * </ul>
 * Out of scope: live delivery (see {@code herald.broker}) and rendering for a door.
 */
package herald.log;
