package io.herald.server.internal;

import io.herald.protocol.ErrorCode;
import io.herald.protocol.ProtocolException;
import io.herald.server.ChannelAction;
import io.herald.server.ChannelAuthorizer;
import io.herald.server.ChannelRule;
import io.herald.server.ChannelRules;
import io.herald.server.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a connection may subscribe to, publish on or see the presence of a channel, from
 * the configured {@link ChannelRules} followed by the built-in ones, asking the application's
 * {@link ChannelAuthorizer} where a rule says {@code app}. Immutable; {@link #check} is cheap and
 * safe on an event loop, {@link #authorize} may block.
 */
public final class ChannelPolicy {
  /** What the rules say about a request. */
  public enum Decision {
    ALLOW,
    DENY,
    /** A rule says {@code app}: call {@link #authorize} off the event loop. */
    ASK_APPLICATION
  }

  private record Rule(ChannelPattern pattern, Access subscribe, Access publish, Access presence) {
    Access access(ChannelAction action) {
      return switch (action) {
        case SUBSCRIBE -> subscribe;
        case PUBLISH -> publish;
        case PRESENCE -> presence;
      };
    }
  }

  private final List<Rule> rules;
  private final ChannelAuthorizer authorizer;

  private ChannelPolicy(List<Rule> rules, ChannelAuthorizer authorizer) {
    this.rules = rules;
    this.authorizer = authorizer;
  }

  /**
   * @param authorizer the application's authorizer, or {@code null} when it has none
   * @throws IllegalStateException when a rule says {@code app} and there is no authorizer
   */
  public static ChannelPolicy of(ChannelRules configured, ChannelAuthorizer authorizer) {
    List<Rule> rules = new ArrayList<>();
    for (ChannelRule rule : configured.effective()) {
      Rule compiled =
          new Rule(
              ChannelPattern.parse(rule.pattern()),
              Access.parse(rule.subscribe(), "subscribe"),
              Access.parse(rule.publish(), "publish"),
              Access.parse(rule.presence(), "presence"));
      if (authorizer == null) {
        for (ChannelAction action : ChannelAction.values()) {
          Access access = compiled.access(action);
          if (access != null && access.kind() == Access.Kind.APP) {
            throw new IllegalStateException(
                "channel rule '"
                    + rule.pattern()
                    + "' leaves "
                    + action.name().toLowerCase(Locale.ROOT)
                    + " to the application, but no ChannelAuthorizer is set"
                    + " (HeraldBuilder.channelAuthorizer)");
          }
        }
      }
      rules.add(compiled);
    }
    return new ChannelPolicy(List.copyOf(rules), authorizer);
  }

  /**
   * Checks a pattern of a {@link ChannelRule}.
   *
   * @throws IllegalArgumentException naming what is wrong with it
   */
  public static void validate(String pattern) {
    ChannelPattern.parse(pattern);
  }

  /**
   * What the rules say about {@code actions} on {@code channel}, taken together: {@code DENY} if
   * any is denied, else {@code ASK_APPLICATION} if any is left to the application. Never blocks.
   */
  public Decision check(Principal principal, String channel, ChannelAction... actions) {
    Decision result = Decision.ALLOW;
    for (ChannelAction action : actions) {
      Decision decision = decide(principal, action, channel);
      if (decision == Decision.DENY) {
        return Decision.DENY;
      }
      if (decision == Decision.ASK_APPLICATION) {
        result = decision;
      }
    }
    return result;
  }

  /**
   * Decides {@code actions} on {@code channel}, asking the application where the rules say so.
   * Called on a virtual thread; blocks while the authorizer does.
   *
   * @throws ProtocolException {@code forbidden} naming the first action refused
   * @throws Exception what the authorizer threw
   */
  public void authorize(Principal principal, String channel, ChannelAction... actions)
      throws Exception {
    for (ChannelAction action : actions) {
      boolean allowed =
          switch (decide(principal, action, channel)) {
            case ALLOW -> true;
            case DENY -> false;
            case ASK_APPLICATION -> authorizer.authorize(principal, action, channel);
          };
      if (!allowed) {
        throw refusal(action, channel);
      }
    }
  }

  /** The {@code forbidden} error for a refused action. */
  public static ProtocolException refusal(ChannelAction action, String channel) {
    String what =
        switch (action) {
          case SUBSCRIBE -> "subscribe to";
          case PUBLISH -> "publish on";
          case PRESENCE -> "see the presence of";
        };
    return new ProtocolException(
        ErrorCode.FORBIDDEN, "not allowed to " + what + " channel '" + channel + "'");
  }

  /** The first refused action of {@code actions} by the rules alone, or {@code null}. */
  public ChannelAction denied(Principal principal, String channel, ChannelAction... actions) {
    for (ChannelAction action : actions) {
      if (decide(principal, action, channel) == Decision.DENY) {
        return action;
      }
    }
    return null;
  }

  /**
   * The first deciding rule's answer. The built-in rule {@code *} decides every action, so the loop
   * always answers; denying is the safe ending all the same.
   */
  private Decision decide(Principal principal, ChannelAction action, String channel) {
    for (Rule rule : rules) {
      Access access = rule.access(action);
      if (access == null || !rule.pattern().matches(channel, principal.userId())) {
        continue;
      }
      return switch (access.kind()) {
        case ANYONE -> Decision.ALLOW;
        case USERS -> principal.isAnonymous() ? Decision.DENY : Decision.ALLOW;
        case NOBODY -> Decision.DENY;
        case APP -> Decision.ASK_APPLICATION;
        case CLAIM -> access.claimGrants(principal, channel) ? Decision.ALLOW : Decision.DENY;
      };
    }
    return Decision.DENY;
  }
}
