package io.herald.server;

import java.time.Instant;
import java.util.Map;

/**
 * Who a connection belongs to, as decided by the {@link Authenticator}.
 *
 * <p>A principal with {@code expiresAt} ends its connections then: a WebSocket closes with {@code
 * 4001}, an event stream sends a {@code herald.error} event ({@code token_expired}) and ends, an
 * Engine.IO session (and with it every Socket.IO namespace on it) closes. The client reconnects
 * with fresh credentials; the old ones are refused from then on.
 *
 * @param userId the user id, or {@code null} for an anonymous connection
 * @param claims further facts about the user (e.g. token claims); never {@code null}
 * @param expiresAt when the credentials stop being valid (for a JWT: its {@code exp} plus the
 *     allowed clock skew), or {@code null} when they do not expire
 */
public record Principal(String userId, Map<String, Object> claims, Instant expiresAt) {
  /** An anonymous connection. */
  public static final Principal ANONYMOUS = new Principal(null, Map.of());

  public Principal {
    claims = Map.copyOf(claims);
  }

  /** A principal whose credentials do not expire. */
  public Principal(String userId, Map<String, Object> claims) {
    this(userId, claims, null);
  }

  /** A user with no further claims. */
  public static Principal user(String userId) {
    return new Principal(userId, Map.of());
  }

  /** This principal with credentials valid until {@code instant} ({@code null}: no end). */
  public Principal withExpiry(Instant instant) {
    return new Principal(userId, claims, instant);
  }

  /** Whether the credentials have expired at {@code now}; never for {@code expiresAt} null. */
  public boolean isExpiredAt(Instant now) {
    return expiresAt != null && !expiresAt.isAfter(now);
  }

  public boolean isAnonymous() {
    return userId == null;
  }
}
