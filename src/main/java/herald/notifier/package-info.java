/**
 * The Notifier door (SPEC §4): per-user notifications in the topic {@code users/{access_id}}, pushed by
 * connectors over HTTP and received over {@code /subscribe_to_events}, replayed since a timestamp and then live.
 *
 * <p>Guarantees (test ids in brackets):
 * <ul>
 *   <li>[NT-REPLAY] After a valid announcement a connection receives every stored event of the user with
 *       {@code created_at >= timestamp}, in log order, then every new one, with no gap and no duplicate.</li>
 *   <li>[NT-BATCH] A push is validated whole and committed in one transaction, or refused with 400 naming
 *       the first bad element, storing and delivering nothing.</li>
 *   <li>[NT-DROP] Dropping a user closes all of its connections in the audience, of both sockets.</li>
 *   <li>[NT-ROLES] Pushing and dropping need the connector (or admin) role, except in drop-in mode.</li>
 * </ul>
 */
package herald.notifier;
