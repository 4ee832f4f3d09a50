/**
 * The limits of SPEC §6 that several doors share: request bodies are read only up to their limit, so an
 * oversized request costs at most that much memory and is refused before anything is parsed or stored.
 */
package herald.limits;
