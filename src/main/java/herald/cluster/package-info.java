/**
 * Several Herald nodes, one PostgreSQL: what one node does that the others must know travels as a
 * PostgreSQL NOTIFY sent inside the acting transaction, so it is heard if and only if it took effect.
 *
 * <p>Guarantees (test ids in brackets):
 * <ul>
 *   <li>[CL-RELAY] Events committed on another node reach this node's subscribers, read from the log, in seq
 *       order, each once; a seq whose notice was lost is repaired from the log.</li>
 *   <li>[CL-DROP] Dropping a user closes its connections on every node.</li>
 * </ul>
 * Out of scope: anything beyond one database; node membership (nodes need not know each other).
 */
package herald.cluster;
