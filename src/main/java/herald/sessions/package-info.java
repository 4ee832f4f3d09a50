/**
 * WebSocket plumbing shared by the Courier and Notifier sockets: the registry of open connections, their
 * outbound queues, topic feeds that join replay to live delivery, heartbeats, limits and the upgrade gate.
 *
 * <p>Guarantees (test ids in brackets):
 * <ul>
 *   <li>[WS-NEVER-BLOCK] A connection has one write in flight (what queued meanwhile goes out together in the
 *       next) and a bounded queue (bytes); a connection that
 *       falls behind is closed 1008 {@code slow consumer} and never slows the publisher or other connections.</li>
 *   <li>[WS-SEAM] A feed that replays from the log registers for live delivery first and drops live events it
 *       already replayed: replay joins live without a gap or a duplicate. A live feed without replay starts
 *       exactly after the head its subscribe was acked with.</li>
 *   <li>[WS-GATE] Upgrades without a valid credential get 401, from a browser Origin not allowed 403, plain
 *       GETs 426, all in the error envelope; over the connection limits the socket is closed 1013.</li>
 *   <li>[WS-HEARTBEAT] Connections are pinged from one shared scheduler; one silent for two intervals is
 *       closed 1001 {@code heartbeat timeout}.</li>
 *   <li>[WS-CLEAN] Closing a connection removes every subscription and registry entry it had, including one
 *       that was being set up while it closed.</li>
 * </ul>
 */
package herald.sessions;
