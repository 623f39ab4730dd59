package io.herald.server.internal;

import static io.herald.server.ChannelAction.PRESENCE;
import static io.herald.server.ChannelAction.PUBLISH;
import static io.herald.server.ChannelAction.SUBSCRIBE;
import static io.herald.server.internal.ChannelPolicy.Decision.ALLOW;
import static io.herald.server.internal.ChannelPolicy.Decision.ASK_APPLICATION;
import static io.herald.server.internal.ChannelPolicy.Decision.DENY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.protocol.ErrorCode;
import io.herald.protocol.ProtocolException;
import io.herald.server.ChannelRule;
import io.herald.server.ChannelRules;
import io.herald.server.Principal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelPolicyTest {
  private static final Principal ALICE = Principal.user("alice");
  private static final Principal BOB = Principal.user("bob");
  private static final Principal ANONYMOUS = Principal.ANONYMOUS;

  private static ChannelPolicy policy(ChannelRule... rules) {
    return ChannelPolicy.of(ChannelRules.of(rules), (principal, action, channel) -> true);
  }

  @Test
  void theBuiltInRulesLetAnyoneSubscribeAndNoClientPublish() {
    ChannelPolicy policy = ChannelPolicy.of(ChannelRules.DEFAULTS, null);
    assertThat(policy.check(ANONYMOUS, "news", SUBSCRIBE)).isEqualTo(ALLOW);
    assertThat(policy.check(ANONYMOUS, "news", PRESENCE)).isEqualTo(ALLOW);
    assertThat(policy.check(ANONYMOUS, "news", PUBLISH)).isEqualTo(DENY);
    assertThat(policy.check(ALICE, "news", PUBLISH)).isEqualTo(DENY);
  }

  @Test
  void userChannelsBelongToTheirUserOnly() {
    ChannelPolicy policy = ChannelPolicy.of(ChannelRules.DEFAULTS, null);
    assertThat(policy.check(ALICE, "user:alice", SUBSCRIBE, PRESENCE)).isEqualTo(ALLOW);
    assertThat(policy.check(ALICE, "user:alice:inbox", SUBSCRIBE)).isEqualTo(ALLOW);
    assertThat(policy.check(ALICE, "user:alice", PUBLISH)).isEqualTo(DENY);
    assertThat(policy.check(BOB, "user:alice", SUBSCRIBE)).isEqualTo(DENY);
    assertThat(policy.check(BOB, "user:alice:inbox", PRESENCE)).isEqualTo(DENY);
    assertThat(policy.check(ANONYMOUS, "user:alice", SUBSCRIBE)).isEqualTo(DENY);
    assertThat(policy.check(ALICE, "user:alicex", SUBSCRIBE)).isEqualTo(DENY);
    assertThat(policy.check(ALICE, "user:", SUBSCRIBE)).isEqualTo(DENY);
    // {sub} is the user id as written, a '*' in it included.
    Principal star = Principal.user("a*");
    assertThat(policy.check(star, "user:a*", SUBSCRIBE)).isEqualTo(ALLOW);
    assertThat(policy.check(star, "user:ab", SUBSCRIBE)).isEqualTo(DENY);
    // An id holding ':' has no {sub} channels: user:bob:x lies under bob's user:bob:*.
    Principal nested = Principal.user("bob:x");
    assertThat(policy.check(nested, "user:bob:x", SUBSCRIBE)).isEqualTo(DENY);
    assertThat(policy.check(nested, "user:bob:x:inbox", SUBSCRIBE)).isEqualTo(DENY);
  }

  @Test
  void patternsAreGlobsOnTheWholeName() {
    ChannelPolicy policy =
        policy(
            ChannelRule.on("chat:*").withPublish("anyone"),
            ChannelRule.on("*:log:*:end").withPublish("anyone"),
            ChannelRule.on("exact").withPublish("anyone"));
    assertThat(policy.check(ANONYMOUS, "chat:", PUBLISH)).isEqualTo(ALLOW);
    assertThat(policy.check(ANONYMOUS, "chat:room:1", PUBLISH)).isEqualTo(ALLOW);
    assertThat(policy.check(ANONYMOUS, "xchat:room", PUBLISH)).isEqualTo(DENY);
    assertThat(policy.check(ANONYMOUS, "a:log:b:end", PUBLISH)).isEqualTo(ALLOW);
    assertThat(policy.check(ANONYMOUS, ":log::end", PUBLISH)).isEqualTo(ALLOW);
    assertThat(policy.check(ANONYMOUS, "a:log:end", PUBLISH)).isEqualTo(DENY);
    assertThat(policy.check(ANONYMOUS, "a:log:b:end:x", PUBLISH)).isEqualTo(DENY);
    assertThat(policy.check(ANONYMOUS, "exact", PUBLISH)).isEqualTo(ALLOW);
    assertThat(policy.check(ANONYMOUS, "exactly", PUBLISH)).isEqualTo(DENY);
  }

  @Test
  void theFirstRuleThatDecidesWinsAndNullFallsThrough() {
    ChannelPolicy policy =
        policy(
            ChannelRule.on("room:*").withPresence("nobody"),
            ChannelRule.on("room:vip").withSubscribe("users"),
            ChannelRule.of("room:*", "anyone"));
    assertThat(policy.check(ANONYMOUS, "room:vip", PRESENCE)).isEqualTo(DENY);
    assertThat(policy.check(ANONYMOUS, "room:vip", SUBSCRIBE)).isEqualTo(DENY);
    assertThat(policy.check(ALICE, "room:vip", SUBSCRIBE)).isEqualTo(ALLOW);
    assertThat(policy.check(ANONYMOUS, "room:vip", PUBLISH)).isEqualTo(ALLOW);
    assertThat(policy.check(ANONYMOUS, "room:lobby", SUBSCRIBE, PUBLISH)).isEqualTo(ALLOW);
    assertThat(policy.check(ANONYMOUS, "room:lobby", SUBSCRIBE, PRESENCE)).isEqualTo(DENY);
    assertThat(policy.denied(ANONYMOUS, "room:lobby", SUBSCRIBE, PRESENCE)).isEqualTo(PRESENCE);
  }

  @Test
  void configuredRulesComeBeforeTheBuiltInOnes() {
    ChannelPolicy policy = policy(ChannelRule.on("user:{sub}").withPublish("users"));
    assertThat(policy.check(ALICE, "user:alice", PUBLISH)).isEqualTo(ALLOW);
    assertThat(policy.check(BOB, "user:alice", PUBLISH)).isEqualTo(DENY);
    ChannelPolicy open = policy(ChannelRule.of("*", "anyone"));
    assertThat(open.check(BOB, "user:alice", SUBSCRIBE, PUBLISH)).isEqualTo(ALLOW);
  }

  @Test
  void aClaimGrantsWhenTrueOrNamingTheChannel() {
    ChannelPolicy policy =
        policy(ChannelRule.of("admin:*", "claim:admin"), ChannelRule.of("team:*", "claim:teams"));
    Principal admin = new Principal("ada", Map.of("admin", true));
    Principal notAdmin = new Principal("bo", Map.of("admin", false, "teams", "team:red"));
    Principal teams = new Principal("cy", Map.of("teams", List.of("team:red", "team:blue")));
    assertThat(policy.check(admin, "admin:ops", SUBSCRIBE, PUBLISH)).isEqualTo(ALLOW);
    assertThat(policy.check(notAdmin, "admin:ops", SUBSCRIBE)).isEqualTo(DENY);
    assertThat(policy.check(ALICE, "admin:ops", SUBSCRIBE)).isEqualTo(DENY);
    assertThat(policy.check(notAdmin, "team:red", PUBLISH)).isEqualTo(ALLOW);
    assertThat(policy.check(notAdmin, "team:blue", PUBLISH)).isEqualTo(DENY);
    assertThat(policy.check(teams, "team:blue", SUBSCRIBE)).isEqualTo(ALLOW);
    assertThat(policy.check(teams, "team:green", SUBSCRIBE)).isEqualTo(DENY);
    assertThat(policy.check(new Principal("d", Map.of("admin", "yes")), "admin:x", SUBSCRIBE))
        .isEqualTo(DENY);
  }

  @Test
  void appAsksTheAuthorizer() throws Exception {
    ChannelPolicy policy =
        ChannelPolicy.of(
            ChannelRules.of(ChannelRule.of("secret:*", "app")),
            (principal, action, channel) -> channel.equals("secret:" + principal.userId()));
    assertThat(policy.check(ALICE, "secret:alice", SUBSCRIBE)).isEqualTo(ASK_APPLICATION);
    assertThat(policy.check(ALICE, "secret:alice", SUBSCRIBE, PRESENCE)).isEqualTo(ASK_APPLICATION);
    policy.authorize(ALICE, "secret:alice", SUBSCRIBE, PUBLISH);
    assertThatThrownBy(() -> policy.authorize(BOB, "secret:alice", PUBLISH))
        .isInstanceOfSatisfying(
            ProtocolException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
              assertThat(e.getMessage())
                  .isEqualTo("not allowed to publish on channel 'secret:alice'");
            });
    assertThatThrownBy(() -> policy.authorize(ALICE, "news", PUBLISH))
        .hasMessage("not allowed to publish on channel 'news'");
  }

  @Test
  void appWithoutAnAuthorizerIsAnErrorAtStart() {
    assertThatThrownBy(
            () -> ChannelPolicy.of(ChannelRules.of(ChannelRule.on("x:*").withPublish("app")), null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("channel rule 'x:*' leaves publish to the application")
        .hasMessageContaining("HeraldBuilder.channelAuthorizer");
  }

  @Test
  void badRulesAreRefusedNamingTheField() {
    assertThatThrownBy(() -> ChannelRule.of("", "anyone"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pattern must not be empty");
    assertThatThrownBy(() -> ChannelRule.of("user:{id}", "anyone"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("braces are reserved for {sub}");
    assertThatThrownBy(() -> ChannelRule.on("x").withPublish("everyone"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'publish' must be anyone, users, nobody, app or claim:NAME, not 'everyone'");
    assertThatThrownBy(() -> ChannelRule.on("x").withPresence("claim:"))
        .hasMessageContaining("'presence' must be");
    assertThatThrownBy(() -> new ChannelRules(null)).hasMessageContaining("'rules' must be");
  }

  @Test
  void rulesListTheirOrder() {
    ChannelRules rules = ChannelRules.DEFAULTS.followedBy(ChannelRule.of("a", "anyone"));
    assertThat(rules.effective().get(0)).isEqualTo(ChannelRule.of("a", "anyone"));
    assertThat(rules.effective()).endsWith(ChannelRules.BUILT_IN.toArray(ChannelRule[]::new));
    assertThat(ChannelRule.on("a").withSubscribe("users").access(SUBSCRIBE)).isEqualTo("users");
  }
}
