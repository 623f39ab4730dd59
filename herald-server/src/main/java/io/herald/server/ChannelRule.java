package io.herald.server;

import io.herald.server.internal.Access;
import io.herald.server.internal.ChannelPolicy;

/**
 * Who may subscribe to, publish on and see the presence of the channels matching {@code pattern}.
 * Immutable. See docs/security.md, "Channel authorization".
 *
 * <p>The pattern matches a whole channel name: literal text, {@code *} for any run of characters
 * ({@code chat:*}), and {@code {sub}} for the connection's own user id ({@code user:{sub}} matches
 * {@code user:alice} only for alice, and never for an anonymous connection).
 *
 * <p>Each access value is one of
 *
 * <ul>
 *   <li>{@code anyone} — every connection, anonymous ones included;
 *   <li>{@code users} — authenticated connections (a principal with a user id);
 *   <li>{@code nobody};
 *   <li>{@code app} — the application's {@link ChannelAuthorizer} decides;
 *   <li>{@code claim:NAME} — connections whose principal has the claim {@code NAME} set to {@code
 *       true}, to the channel's name, or to a list holding the channel's name;
 *   <li>{@code null} — this rule does not decide that action; a later rule does.
 * </ul>
 *
 * @param pattern the channels the rule applies to
 * @param subscribe who may subscribe, or {@code null}
 * @param publish who may publish from a client connection, or {@code null}
 * @param presence who may query presence or receive join and leave events, or {@code null}
 * @throws IllegalArgumentException for an empty pattern, a brace that is not part of {@code {sub}},
 *     or an access value not in the list above
 */
public record ChannelRule(String pattern, String subscribe, String publish, String presence) {
  public ChannelRule {
    ChannelPolicy.validate(pattern);
    Access.parse(subscribe, "subscribe");
    Access.parse(publish, "publish");
    Access.parse(presence, "presence");
  }

  /** A rule giving every action on {@code pattern} to {@code access}. */
  public static ChannelRule of(String pattern, String access) {
    return new ChannelRule(pattern, access, access, access);
  }

  /** A rule that decides nothing yet; give it access values with the {@code with…} methods. */
  public static ChannelRule on(String pattern) {
    return new ChannelRule(pattern, null, null, null);
  }

  public ChannelRule withSubscribe(String access) {
    return new ChannelRule(pattern, access, publish, presence);
  }

  public ChannelRule withPublish(String access) {
    return new ChannelRule(pattern, subscribe, access, presence);
  }

  public ChannelRule withPresence(String access) {
    return new ChannelRule(pattern, subscribe, publish, access);
  }

  /** The access value for {@code action}, or {@code null} when this rule does not decide it. */
  public String access(ChannelAction action) {
    return switch (action) {
      case SUBSCRIBE -> subscribe;
      case PUBLISH -> publish;
      case PRESENCE -> presence;
    };
  }
}
