package io.herald.server.internal;

import io.herald.server.Principal;
import java.util.Collection;
import java.util.Locale;

/**
 * Who a {@link io.herald.server.ChannelRule} lets do an action: {@code anyone}, {@code users}
 * (authenticated connections), {@code nobody}, {@code app} (the application's {@link
 * io.herald.server.ChannelAuthorizer} decides) or {@code claim:NAME}. Immutable.
 *
 * @param claim the claim's name for {@link Kind#CLAIM}, else {@code null}
 */
public record Access(Kind kind, String claim) {
  /** The kinds of access. */
  public enum Kind {
    ANYONE,
    USERS,
    NOBODY,
    APP,
    CLAIM
  }

  private static final String CLAIM_PREFIX = "claim:";

  /**
   * Reads an access value of a rule; {@code null} stays {@code null} (the rule does not decide that
   * action).
   *
   * @param field the action's field name, for the error message
   * @throws IllegalArgumentException naming {@code field} when {@code value} is not an access
   */
  public static Access parse(String value, String field) {
    if (value == null) {
      return null;
    }
    if (value.startsWith(CLAIM_PREFIX) && value.length() > CLAIM_PREFIX.length()) {
      return new Access(Kind.CLAIM, value.substring(CLAIM_PREFIX.length()));
    }
    return switch (value) {
      case "anyone", "users", "nobody", "app" ->
          new Access(Kind.valueOf(value.toUpperCase(Locale.ROOT)), null);
      default ->
          throw new IllegalArgumentException(
              "'"
                  + field
                  + "' must be anyone, users, nobody, app or claim:NAME, not '"
                  + value
                  + "'");
    };
  }

  /**
   * Whether {@code principal}'s claims grant {@code channel}: the claim is {@code true}, or a
   * string equal to the channel name, or a list holding the channel name.
   */
  boolean claimGrants(Principal principal, String channel) {
    Object value = principal.claims().get(claim);
    return Boolean.TRUE.equals(value)
        || channel.equals(value)
        || (value instanceof Collection<?> names && names.contains(channel));
  }
}
