/**
 * Who is calling: one Jakarta Security mechanism turns every credential (Bearer JWT, Basic) into a
 * {@link herald.access.Caller} (audience, subject, roles), which every door asks the same questions.
 *
 * <p>Guarantees (test ids in brackets):
 * <ul>
 *   <li>[ACCESS-JWT] Bearer JWTs are accepted only when signed with a configured key under the algorithm that
 *       key is for (HS256 with the shared secret; RS256/ES256 with the public key): {@code alg:none},
 *       algorithm confusion, bad signatures, expiry beyond 60 s of leeway, {@code nbf} in the future, a
 *       missing or multi-valued {@code aud} and, when configured, a wrong {@code iss} are refused.</li>
 *   <li>[ACCESS-JWKS] With {@code herald.jwt.jwks-url}, the identity provider's JWK set is one more source of
 *       verification keys, chosen by the token's {@code kid}: RS256/384/512, PS256, ES256/384 and EdDSA, each
 *       only with a key of its type and curve (and its {@code alg}, if the JWK names one), keys for another
 *       {@code use} ignored. The set is cached and read again for an unknown kid or when 5 minutes old, never
 *       more than once per 30 s; a failed read keeps the last good set. Its location is {@code https:},
 *       {@code file:}, or {@code http:} on 127.0.0.0/8, or Herald does not start.</li>
 *   <li>[ACCESS-BASIC] Basic credentials are checked against the identity store; passwords are kept as
 *       PBKDF2 hashes only.</li>
 *   <li>[ACCESS-SECRETS] Tokens, passwords and secrets never reach a log line.</li>
 *   <li>[ACCESS-KEYS] Herald refuses to start without a key (secret, public key or JWK set URL), or with a
 *       shared secret shorter than 32 bytes.</li>
 *   <li>[ACCESS-DEFAULT] No resource method reads credentials itself: each door binds a filter (marked
 *       {@link herald.access.Authenticating}) that establishes the {@link herald.access.RequestCaller} or
 *       refuses in the door's format, and a resource method with neither such a binding nor
 *       {@link herald.access.Public} is refused to callers without credentials
 *       ({@link herald.access.SecureByDefault}; SecureByDefaultTest, SecureByDefaultIT).</li>
 * </ul>
 * Out of scope: what a caller may do with a topic (each door's rules) and WebSocket tickets (Courier door).
 */
package herald.access;
