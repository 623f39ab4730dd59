package io.herald.server;

import java.util.ArrayList;
import java.util.List;

/**
 * The configured channel rules, tried in order before the {@link #BUILT_IN} ones; for each action
 * the first rule whose pattern matches and that decides the action wins. Immutable. See
 * docs/security.md, "Channel authorization".
 *
 * @param rules the application's rules, first match first (default: none, so only the built-in
 *     rules apply)
 */
public record ChannelRules(List<ChannelRule> rules) {
  /** No configured rules: the built-in ones decide everything. */
  public static final ChannelRules DEFAULTS = new ChannelRules(List.of());

  /**
   * The rules tried after the configured ones: {@code user:{sub}} and {@code user:{sub}:*} may be
   * subscribed to, and their presence seen, by their own user only; no one else may do anything on
   * {@code user:*}; any other channel may be subscribed to and its presence seen by anyone; and no
   * client publishes anywhere.
   */
  public static final List<ChannelRule> BUILT_IN =
      List.of(
          new ChannelRule("user:{sub}", "users", null, "users"),
          new ChannelRule("user:{sub}:*", "users", null, "users"),
          ChannelRule.of("user:*", "nobody"),
          new ChannelRule("*", "anyone", "nobody", "anyone"));

  public ChannelRules {
    if (rules == null) {
      throw new IllegalArgumentException("'rules' must be a list of channel rules");
    }
    rules = List.copyOf(rules);
  }

  public static ChannelRules of(ChannelRule... rules) {
    return new ChannelRules(List.of(rules));
  }

  /** These rules with {@code rule} tried after them (and still before the built-in ones). */
  public ChannelRules followedBy(ChannelRule rule) {
    List<ChannelRule> all = new ArrayList<>(rules);
    all.add(rule);
    return new ChannelRules(all);
  }

  /** Every rule in the order it is tried: the configured ones, then {@link #BUILT_IN}. */
  public List<ChannelRule> effective() {
    List<ChannelRule> all = new ArrayList<>(rules);
    all.addAll(BUILT_IN);
    return List.copyOf(all);
  }
}
