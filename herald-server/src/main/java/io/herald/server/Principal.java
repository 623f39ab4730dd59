package io.herald.server;

import java.util.Map;

/**
 * Who a connection belongs to, as decided by the {@link Authenticator}.
 *
 * @param userId the user id, or {@code null} for an anonymous connection
 * @param claims further facts about the user (e.g. token claims); never {@code null}
 */
public record Principal(String userId, Map<String, Object> claims) {
  /** An anonymous connection. */
  public static final Principal ANONYMOUS = new Principal(null, Map.of());

  public Principal {
    claims = Map.copyOf(claims);
  }

  /** A user with no further claims. */
  public static Principal user(String userId) {
    return new Principal(userId, Map.of());
  }

  public boolean isAnonymous() {
    return userId == null;
  }
}
