/**
 * The browser console at {@code /} and {@code herald.js}, the client library it is built on.
 *
 * <p>The JAX-RS application is mapped to the context root, so the container's default servlet never sees a
 * request and files in the WAR are not served by themselves. {@link herald.console.ConsoleResource} serves
 * them instead, from one fixed folder of the WAR and under plain file names only.
 *
 * <p>Guarantees (test ids in brackets):
 * <ul>
 *   <li>[CO-FILES] {@code /} is the console page; {@code /{name}} is a file of the WAR's {@code console/}
 *       folder with its media type, an entity tag and {@code Cache-Control: no-cache}. Any other name, and any
 *       path that leaves the folder, is 404.</li>
 *   <li>[CO-DEV-TOKEN] {@code GET /dev-token} answers only when {@code herald.dev.token} is set (by the run
 *       command) and only to a caller on this machine; otherwise it is 404, as if it did not exist.</li>
 * </ul>
 */
package herald.console;
