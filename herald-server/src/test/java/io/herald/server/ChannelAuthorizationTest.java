package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testing.HeraldClient;
import io.herald.testing.Http;
import io.herald.testing.SseReader;
import io.herald.testing.TestHerald;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Channel rules and the application's authorizer on {@code /herald}, SSE and polling, with only the
 * built-in rules beside the ones configured here. The test authenticator takes the user from the
 * {@code user} query parameter, the claim {@code admin} from {@code admin=true} and the claim
 * {@code teams} (a list) from {@code teams=a,b}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChannelAuthorizationTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final CountDownLatch slowEntered = new CountDownLatch(1);
  private static final CountDownLatch slowRelease = new CountDownLatch(1);
  private static Herald herald;
  private static Http http;

  @BeforeAll
  static void start() {
    ChannelRules rules =
        ChannelRules.of(
            ChannelRule.on("board").withPublish("anyone"),
            ChannelRule.on("members:*").withSubscribe("users").withPublish("users"),
            ChannelRule.of("admin:*", "claim:admin"),
            ChannelRule.on("team:*").withSubscribe("claim:teams").withPublish("claim:teams"),
            ChannelRule.on("quiet:*").withPresence("nobody"),
            ChannelRule.of("secret:*", "app"),
            ChannelRule.on("slow:*").withSubscribe("app"),
            ChannelRule.on("broken:*").withSubscribe("app"));
    herald =
        TestHerald.start(
            b ->
                b.config(TestHerald.STRICT.withChannels(rules))
                    .authenticator(ChannelAuthorizationTest::principal)
                    .channelAuthorizer(
                        (principal, action, channel) -> {
                          if (channel.startsWith("slow:")) {
                            slowEntered.countDown();
                            return slowRelease.await(20, TimeUnit.SECONDS);
                          }
                          if (channel.startsWith("broken:")) {
                            throw new IllegalStateException("the database is down");
                          }
                          return channel.equals("secret:" + principal.userId());
                        }));
    http = new Http(herald.port());
  }

  private static Principal principal(Handshake handshake) {
    String user = handshake.queryParam("user");
    if (user == null) {
      return Principal.ANONYMOUS;
    }
    Map<String, Object> claims = new HashMap<>();
    if ("true".equals(handshake.queryParam("admin"))) {
      claims.put("admin", true);
    }
    String teams = handshake.queryParam("teams");
    if (teams != null) {
      claims.put("teams", List.of(teams.split(",")));
    }
    return new Principal(user, claims);
  }

  @AfterAll
  static void stop() {
    slowRelease.countDown();
    herald.stop();
  }

  private static HeraldClient connect(String query) throws Exception {
    return HeraldClient.connect(herald.port(), "/herald" + query);
  }

  /** Sends {@code json} and returns the reply with its id ({@code json} must carry id 7). */
  private static JsonNode request(HeraldClient client, String json) throws Exception {
    client.send(json);
    while (true) {
      JsonNode frame = client.next();
      if (frame.path("id").asLong(-1) == 7) {
        return frame;
      }
    }
  }

  private static JsonNode subscribe(HeraldClient client, String channel) throws Exception {
    return request(client, "{\"op\":\"subscribe\",\"id\":7,\"channel\":\"" + channel + "\"}");
  }

  private static JsonNode publish(HeraldClient client, String channel) throws Exception {
    return request(
        client, "{\"op\":\"publish\",\"id\":7,\"channel\":\"" + channel + "\",\"data\":1}");
  }

  private static void assertForbidden(JsonNode reply, String message) {
    assertThat(reply.path("type").asText()).isEqualTo("error");
    assertThat(reply.path("code").asText()).isEqualTo("forbidden");
    assertThat(reply.path("message").asText()).isEqualTo(message);
  }

  @Test
  void aRefusedSubscribeIsAnErrorFrameAndTheConnectionKeepsWorking() throws Exception {
    try (HeraldClient client = connect("")) {
      assertForbidden(
          subscribe(client, "user:alice"), "not allowed to subscribe to channel 'user:alice'");
      assertForbidden(
          subscribe(client, "members:all"), "not allowed to subscribe to channel 'members:all'");
      assertThat(subscribe(client, "open:news").path("type").asText()).isEqualTo("subscribed");
      herald.publish("open:news", "headline", Map.of("n", 1));
      JsonNode message = client.next("message");
      assertThat(message.path("channel").asText()).isEqualTo("open:news");
      assertThat(message.path("data").path("n").asInt()).isEqualTo(1);
    }
    assertThat(herald.engine().subscriberCount("user:alice")).isZero();
  }

  @Test
  void clientsPublishOnlyWhereARuleAllowsIt() throws Exception {
    try (HeraldClient listener = connect("");
        HeraldClient publisher = connect("?user=alice")) {
      subscribe(listener, "plain");
      subscribe(listener, "board");
      assertForbidden(publish(publisher, "plain"), "not allowed to publish on channel 'plain'");
      assertThat(publish(publisher, "board").path("type").asText()).isEqualTo("ack");
      assertThat(listener.next("message").path("channel").asText()).isEqualTo("board");
      // The refused publish never reached the channel: its first message is the server's.
      herald.publish("plain", "from-server", 2);
      JsonNode first = listener.next("message");
      assertThat(first.path("channel").asText()).isEqualTo("plain");
      assertThat(first.path("offset").asText()).endsWith(":1");
      assertThat(publish(publisher, "members:x").path("type").asText()).isEqualTo("ack");
    }
    try (HeraldClient anonymous = connect("")) {
      assertForbidden(
          publish(anonymous, "members:x"), "not allowed to publish on channel 'members:x'");
    }
  }

  @Test
  void presenceIsRefusedWhereARuleSaysSo() throws Exception {
    try (HeraldClient client = connect("")) {
      assertForbidden(
          request(client, "{\"op\":\"presence\",\"id\":7,\"channel\":\"quiet:room\"}"),
          "not allowed to see the presence of channel 'quiet:room'");
      assertForbidden(
          request(
              client,
              "{\"op\":\"subscribe\",\"id\":7,\"channel\":\"quiet:room\",\"presence\":true}"),
          "not allowed to see the presence of channel 'quiet:room'");
      assertThat(subscribe(client, "quiet:room").path("type").asText()).isEqualTo("subscribed");
      JsonNode presence =
          request(client, "{\"op\":\"presence\",\"id\":7,\"channel\":\"loud:room\"}");
      assertThat(presence.path("type").asText()).isEqualTo("presence");
    }
  }

  @Test
  void aUserChannelIsItsOwnersOnly() throws Exception {
    try (HeraldClient alice = connect("?user=alice");
        HeraldClient bob = connect("?user=bob")) {
      assertThat(subscribe(alice, "user:alice").path("type").asText()).isEqualTo("subscribed");
      assertThat(subscribe(alice, "user:alice:inbox").path("type").asText())
          .isEqualTo("subscribed");
      assertForbidden(
          subscribe(bob, "user:alice"), "not allowed to subscribe to channel 'user:alice'");
      assertForbidden(
          subscribe(bob, "user:alice:inbox"),
          "not allowed to subscribe to channel 'user:alice:inbox'");
      // Nobody publishes from a client by default, not even on their own channel.
      assertForbidden(
          publish(alice, "user:alice"), "not allowed to publish on channel 'user:alice'");
      herald.publish("user:alice", "note", "for alice");
      assertThat(alice.next("message").path("data").asText()).isEqualTo("for alice");
    }
  }

  @Test
  void aClaimGrantsChannels() throws Exception {
    try (HeraldClient admin = connect("?user=ada&admin=true");
        HeraldClient member = connect("?user=bo&teams=team:red,team:blue")) {
      assertThat(subscribe(admin, "admin:ops").path("type").asText()).isEqualTo("subscribed");
      assertThat(publish(admin, "admin:ops").path("type").asText()).isEqualTo("ack");
      assertForbidden(
          subscribe(member, "admin:ops"), "not allowed to subscribe to channel 'admin:ops'");
      assertThat(subscribe(member, "team:blue").path("type").asText()).isEqualTo("subscribed");
      assertThat(publish(member, "team:red").path("type").asText()).isEqualTo("ack");
      assertForbidden(
          subscribe(member, "team:green"), "not allowed to subscribe to channel 'team:green'");
      assertForbidden(
          subscribe(admin, "team:red"), "not allowed to subscribe to channel 'team:red'");
    }
  }

  @Test
  void theApplicationDecidesWhereARuleSaysApp() throws Exception {
    try (HeraldClient alice = connect("?user=alice")) {
      assertThat(subscribe(alice, "secret:alice").path("type").asText()).isEqualTo("subscribed");
      assertThat(publish(alice, "secret:alice").path("type").asText()).isEqualTo("ack");
      assertForbidden(
          subscribe(alice, "secret:bob"), "not allowed to subscribe to channel 'secret:bob'");
      JsonNode failed = subscribe(alice, "broken:x");
      assertThat(failed.path("code").asText()).isEqualTo("internal_error");
      assertThat(failed.path("message").asText()).doesNotContain("database");
      alice.send("{\"op\":\"ping\",\"id\":7}");
      assertThat(alice.next().path("type").asText()).isEqualTo("pong");
    }
  }

  @Test
  void aBlockingAuthorizerHoldsUpOnlyItsOwnConnectionAndKeepsItsOrder() throws Exception {
    try (HeraldClient waiting = connect("?user=carl");
        HeraldClient other = connect("?user=dora")) {
      waiting.send("{\"op\":\"subscribe\",\"id\":1,\"channel\":\"slow:x\"}");
      waiting.send("{\"op\":\"ping\",\"id\":2}");
      assertThat(slowEntered.await(5, TimeUnit.SECONDS)).isTrue();
      // While carl's authorizer call blocks, dora is served, the authorizer included.
      assertThat(subscribe(other, "secret:dora").path("type").asText()).isEqualTo("subscribed");
      assertThat(subscribe(other, "open:a").path("type").asText()).isEqualTo("subscribed");
      herald.publish("open:a", "e", 1);
      assertThat(other.next("message").path("channel").asText()).isEqualTo("open:a");
      slowRelease.countDown();
      JsonNode subscribed = waiting.next();
      assertThat(subscribed.path("type").asText()).isEqualTo("subscribed");
      assertThat(subscribed.path("id").asLong()).isEqualTo(1);
      JsonNode pong = waiting.next();
      assertThat(pong.path("type").asText()).isEqualTo("pong");
      assertThat(pong.path("id").asLong()).isEqualTo(2);
    }
  }

  @Test
  void sseAndPollAreRefusedWith403() throws Exception {
    try (SseReader sse = SseReader.open(herald.port(), "/sse?channel=user:alice")) {
      assertThat(sse.status()).isEqualTo(403);
      assertThat(sse.body())
          .isEqualTo(
              "{\"error\":\"forbidden\","
                  + "\"message\":\"not allowed to subscribe to channel 'user:alice'\"}");
    }
    try (SseReader sse =
        SseReader.open(herald.port(), "/sse?channel=quiet:a&presence=true&user=alice")) {
      assertThat(sse.status()).isEqualTo(403);
      assertThat(sse.body()).contains("not allowed to see the presence of channel 'quiet:a'");
    }
    try (SseReader sse = SseReader.open(herald.port(), "/sse?channel=secret:bob&user=alice")) {
      assertThat(sse.status()).isEqualTo(403);
      assertThat(sse.body()).contains("channel 'secret:bob'");
    }
    try (SseReader sse =
        SseReader.open(herald.port(), "/sse?channel=user:alice&channel=secret:alice&user=alice")) {
      assertThat(sse.status()).isEqualTo(200);
      herald.publish("secret:alice", "e", "hi");
      assertThat(sse.next("e", WAIT).data()).contains("\"data\":\"hi\"");
    }
    HttpResponse<String> poll = http.get("/poll?channel=open:b&channel=user:bob&user=alice");
    assertThat(poll.statusCode()).isEqualTo(403);
    assertThat(poll.headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(poll.body())
        .isEqualTo(
            "{\"error\":\"forbidden\","
                + "\"message\":\"not allowed to subscribe to channel 'user:bob'\"}");
    assertThat(http.get("/poll?channel=secret:bob&user=alice").statusCode()).isEqualTo(403);
    assertThat(http.get("/poll?channel=secret:alice&user=alice").statusCode()).isEqualTo(200);
    assertThat(http.get("/poll?channel=user:bob&user=bob").statusCode()).isEqualTo(200);
  }

  @Test
  void aRuleSayingAppNeedsAnAuthorizer() {
    HeraldBuilder builder =
        Herald.builder()
            .config(
                TestHerald.STRICT.withChannels(
                    ChannelRules.of(ChannelRule.on("x:*").withPublish("app"))));
    assertThatThrownBy(builder::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no ChannelAuthorizer is set");
  }
}
