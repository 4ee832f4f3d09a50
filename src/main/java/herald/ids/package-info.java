/**
 * Random identifiers (event ids, ticket ids, connection ids): version 4 UUIDs from a cryptographically strong
 * generator per thread. The JDK's {@code UUID.randomUUID()} draws from one shared {@code NativePRNG} behind a
 * single lock; opening thousands of connections at once, every one of them queued on it (docs/performance.md).
 */
package herald.ids;
