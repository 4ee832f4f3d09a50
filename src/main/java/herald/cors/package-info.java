/**
 * Cross-origin access (CORS) for browser apps served from another origin than Herald: the origins listed in
 * {@code herald.cors.allowed-origins} may call the routes a browser app needs — the Courier routes under
 * {@code /v1/}, {@code /herald.js} and the Eventserver routes — with {@code fetch()} and an
 * {@code Authorization} header, and import herald.js as a module.
 *
 * <p>Guarantees (test ids in brackets):
 * <ul>
 *   <li>[CORS-OFF] Without the setting (the default) no response carries a CORS header or {@code Vary: Origin},
 *       and an {@code OPTIONS} request is answered as before.</li>
 *   <li>[CORS-PREFLIGHT] A preflight ({@code OPTIONS} with {@code Origin} and
 *       {@code Access-Control-Request-Method}) to one of those routes from a listed origin is 204 with
 *       {@code Access-Control-Allow-Origin: <that origin>}, {@code Vary: Origin}, the route's methods, the
 *       allowed request headers and {@code Access-Control-Max-Age: 600}. It needs no credentials and never
 *       reaches a resource, so it is never 401.</li>
 *   <li>[CORS-REFUSED] A preflight from any other origin is 204 with {@code Vary: Origin} and no
 *       {@code Access-Control-*} header, which the browser takes as a refusal. (A 403 would tell the browser
 *       nothing more, and no door's error format would be read by anyone: scripts never see a failed
 *       preflight's body.)</li>
 *   <li>[CORS-ACTUAL] Every answer of those routes carries {@code Vary: Origin}; one to a listed origin, errors
 *       included, also {@code Access-Control-Allow-Origin: <that origin>} and
 *       {@code Access-Control-Expose-Headers: Retry-After, WWW-Authenticate}, so the app can read a 401 or a 503
 *       as such instead of a network error.</li>
 *   <li>[CORS-NO-CREDENTIALS] Never {@code Access-Control-Allow-Credentials}, never {@code *}: Herald takes
 *       credentials only from an {@code Authorization} header the page sets itself, so a browser's ambient
 *       credentials (cookies, a remembered Basic login) are never sent cross-origin.</li>
 * </ul>
 * Out of scope: WebSocket upgrades, which are not CORS and are judged by {@code herald.ws.allowed-origins}
 * ({@link herald.sessions.WebSocketGate}); the Notifier's connector routes {@code /push_events} and
 * {@code /drop_user} (server to server), {@code /dev-token}, and the server's own {@code /health},
 * {@code /metrics} and {@code /openapi}.
 */
package herald.cors;
