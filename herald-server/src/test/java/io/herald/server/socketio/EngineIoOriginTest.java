package io.herald.server.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.herald.server.Herald;
import io.herald.server.OriginOptions;
import io.herald.testing.HeraldClient;
import io.herald.testing.Http;
import io.herald.testing.RawWebSocket;
import io.herald.testing.TestHerald;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The origin check of Engine.IO and Socket.IO endpoints over real sockets: the polling handshake,
 * polls, a WebSocket opened directly and the upgrade from polling, under the server's {@link
 * OriginOptions} or an endpoint's own {@link CorsOptions}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineIoOriginTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String APP = "https://app.example.com";
  private static final String PARTNER = "https://partner.example";
  private static final String EVIL = "https://evil.example";
  private static final String HANDSHAKE = "?EIO=4&transport=polling";
  private static final EchoEndpoint ECHO = new EchoEndpoint();

  private static Herald herald;
  private static Http http;

  @BeforeAll
  static void start() {
    herald =
        Herald.builder()
            .config(TestHerald.CONFIG.withOrigins(new OriginOptions(List.of(APP), true)))
            .engineIo("/engine.io/", ECHO.build(EngineIoOptions.DEFAULTS))
            .engineIo(
                "/own.io/",
                ECHO.build(
                    EngineIoOptions.DEFAULTS.withCors(new CorsOptions(List.of(PARTNER), false))))
            .socketIo(io -> io.onConnection(socket -> {}))
            .start();
    http = new Http(herald.port());
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  private static String sid(HttpResponse<String> open) throws Exception {
    assertThat(open.statusCode()).as(open.body()).isEqualTo(200);
    return HeraldClient.parse(open.body().substring(1)).get("sid").asText();
  }

  private static void assertForbidden(HttpResponse<String> response, String origin)
      throws Exception {
    assertForbidden(response.statusCode(), response.body(), origin);
    assertThat(response.headers().map()).doesNotContainKey("access-control-allow-origin");
  }

  private static void assertForbidden(int status, String body, String origin) throws Exception {
    assertThat(status).isEqualTo(403);
    assertThat(HeraldClient.parse(body).get("error").asText()).isEqualTo("forbidden");
    assertThat(HeraldClient.parse(body).get("message").asText())
        .isEqualTo("origin " + origin + " is not allowed");
  }

  private static RawWebSocket.Refusal refusedWebSocket(String pathAndQuery, String origin) {
    RawWebSocket.RefusedException refused =
        (RawWebSocket.RefusedException)
            catchThrowable(
                () -> RawWebSocket.connect(herald.port(), pathAndQuery, Map.of("Origin", origin)));
    assertThat(refused).as(pathAndQuery).isNotNull();
    return refused.refusal();
  }

  @Test
  void thePollingHandshakeFollowsTheServersOrigins() throws Exception {
    for (String path : List.of("/engine.io/", "/socket.io/")) {
      HttpResponse<String> allowed = http.get(path + HANDSHAKE, "Origin", APP);
      sid(allowed);
      assertThat(allowed.headers().firstValue("access-control-allow-origin")).hasValue(APP);
      assertThat(allowed.headers().firstValue("access-control-allow-credentials")).hasValue("true");
      HttpResponse<String> same =
          http.get(path + HANDSHAKE, "Origin", "http://127.0.0.1:" + herald.port());
      sid(same);
      assertThat(same.headers().map()).doesNotContainKey("access-control-allow-origin");
      sid(http.get(path + HANDSHAKE));
      assertForbidden(http.get(path + HANDSHAKE, "Origin", EVIL), EVIL);
      assertForbidden(http.get(path + HANDSHAKE, "Origin", PARTNER), PARTNER);
    }
  }

  @Test
  void pollsOfAnOpenSessionAreCheckedToo() throws Exception {
    String sid = sid(http.get("/engine.io/" + HANDSHAKE, "Origin", APP));
    String session = "/engine.io/" + HANDSHAKE + "&sid=" + sid;
    assertForbidden(http.post(session, "4stolen", "Origin", EVIL), EVIL);
    assertForbidden(http.get(session, "Origin", EVIL), EVIL);
    HttpResponse<String> post = http.post(session, "4mine", "Origin", APP);
    assertThat(post.body()).isEqualTo("ok");
    assertThat(post.headers().firstValue("access-control-allow-origin")).hasValue(APP);
    assertThat(ECHO.awaitReceived(sid, 1)).containsExactly("mine");
  }

  @Test
  void aWebSocketIsCheckedBeforeTheUpgrade() throws Exception {
    for (String path : List.of("/engine.io/", "/socket.io/")) {
      String query = path + "?EIO=4&transport=websocket";
      RawWebSocket.Refusal refusal = refusedWebSocket(query, EVIL);
      assertForbidden(refusal.status(), refusal.body(), EVIL);
      try (RawWebSocket ws = RawWebSocket.connect(herald.port(), query, Map.of("Origin", APP))) {
        assertThat(ws.readText(WAIT)).startsWith("0{\"sid\":");
      }
    }
  }

  @Test
  void theUpgradeFromPollingIsChecked() throws Exception {
    String sid = sid(http.get("/engine.io/" + HANDSHAKE, "Origin", APP));
    String upgrade = "/engine.io/?EIO=4&transport=websocket&sid=" + sid;
    RawWebSocket.Refusal refusal = refusedWebSocket(upgrade, EVIL);
    assertForbidden(refusal.status(), refusal.body(), EVIL);
    // The session is untouched and can still upgrade from its own page.
    try (RawWebSocket ws = RawWebSocket.connect(herald.port(), upgrade, Map.of("Origin", APP))) {
      ws.sendText("2probe");
      assertThat(ws.readText(WAIT)).isEqualTo("3probe");
      ws.sendText("5");
      ws.sendText("4upgraded");
      assertThat(ws.readText(WAIT)).isEqualTo("4upgraded");
    }
  }

  @Test
  void anEndpointsOwnCorsOptionsReplaceTheServersOrigins() throws Exception {
    HttpResponse<String> partner = http.get("/own.io/" + HANDSHAKE, "Origin", PARTNER);
    sid(partner);
    assertThat(partner.headers().firstValue("access-control-allow-origin")).hasValue(PARTNER);
    assertThat(partner.headers().map()).doesNotContainKey("access-control-allow-credentials");
    assertForbidden(http.get("/own.io/" + HANDSHAKE, "Origin", APP), APP);
    sid(http.get("/own.io/" + HANDSHAKE, "Origin", "http://127.0.0.1:" + herald.port()));
    RawWebSocket.Refusal refusal = refusedWebSocket("/own.io/?EIO=4&transport=websocket", APP);
    assertForbidden(refusal.status(), refusal.body(), APP);
  }

  @Test
  void thePreflightOfAPollIsAnswered() throws Exception {
    HttpResponse<String> preflight =
        http.send(
            "OPTIONS",
            "/socket.io/" + HANDSHAKE,
            null,
            "Origin",
            APP,
            "Access-Control-Request-Method",
            "POST");
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue(APP);
    assertThat(preflight.headers().firstValue("access-control-allow-methods"))
        .hasValue("GET, POST");
    assertForbidden(
        http.send(
            "OPTIONS",
            "/socket.io/" + HANDSHAKE,
            null,
            "Origin",
            EVIL,
            "Access-Control-Request-Method",
            "POST"),
        EVIL);
  }

  @Test
  void theClientBundleIsServedToAnyOrigin() throws Exception {
    // A script is public; pages load it with <script crossorigin> from wherever they are.
    HttpResponse<String> script = http.get("/socket.io/socket.io.min.js", "Origin", EVIL);
    assertThat(script.statusCode()).isEqualTo(200);
  }

  @Test
  void corsOptionsRefuseAStarWithCredentials() {
    assertThatThrownBy(() -> new CorsOptions(List.of("*"), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'*' cannot be combined with credentials");
  }

  @Test
  void corsOptionsRefuseCredentialsWithoutOrigins() {
    assertThatThrownBy(() -> new CorsOptions(List.of(), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("credentials need origins");
  }
}
