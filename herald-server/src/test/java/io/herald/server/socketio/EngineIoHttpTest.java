package io.herald.server.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.server.Herald;
import io.herald.testing.HeraldClient;
import io.herald.testing.Http;
import io.herald.testing.TestHerald;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Engine.IO v4 over HTTP: the Node server's error answers, CORS and the sticky-session cookie. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineIoHttpTest {
  private static final String ALLOWED = "https://app.example";
  private static final String OTHER = "https://elsewhere.example";
  private static final String UNSUPPORTED =
      "{\"code\":5,\"message\":\"Unsupported protocol version\"}";
  private static final String UNKNOWN_TRANSPORT = "{\"code\":0,\"message\":\"Transport unknown\"}";
  private static final String BAD_METHOD = "{\"code\":2,\"message\":\"Bad handshake method\"}";
  private static final String UNKNOWN_SID = "{\"code\":1,\"message\":\"Session ID unknown\"}";

  private static Herald herald;
  private static Http http;

  @BeforeAll
  static void start() {
    EngineIoOptions shared =
        EngineIoOptions.DEFAULTS
            .withCors(new CorsOptions(List.of(ALLOWED), true))
            .withCookie(CookieOptions.DEFAULTS);
    herald =
        TestHerald.start(
            b ->
                b.engineIo("/engine.io/", new EchoEndpoint().build(shared))
                    .engineIo("/plain.io/", new EchoEndpoint().build(EngineIoOptions.DEFAULTS)));
    http = new Http(herald.port());
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  private static void assertError(HttpResponse<String> response, String body) {
    assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(400);
    assertThat(response.headers().firstValue("content-type").orElse(""))
        .startsWith("application/json");
    assertThat(response.body()).isEqualTo(body);
  }

  @Test
  void aMissingOrUnsupportedProtocolVersionIsRefused() throws Exception {
    assertError(http.get("/engine.io/?transport=polling"), UNSUPPORTED);
    assertError(http.get("/engine.io/?EIO=abc&transport=polling"), UNSUPPORTED);
    assertError(http.get("/engine.io/?EIO=3&transport=polling"), UNSUPPORTED);
  }

  @Test
  void aMissingOrUnknownTransportIsRefused() throws Exception {
    assertError(http.get("/engine.io/?EIO=4"), UNKNOWN_TRANSPORT);
    assertError(http.get("/engine.io/?EIO=4&transport=abc"), UNKNOWN_TRANSPORT);
  }

  @Test
  void aHandshakeIsAGet() throws Exception {
    assertError(http.post("/engine.io/?EIO=4&transport=polling", null), BAD_METHOD);
    assertError(http.send("PUT", "/engine.io/?EIO=4&transport=polling", null), BAD_METHOD);
  }

  @Test
  void anUnknownSessionIsRefused() throws Exception {
    assertError(http.get("/engine.io/?EIO=4&transport=polling&sid=nope"), UNKNOWN_SID);
    assertError(http.post("/engine.io/?EIO=4&transport=polling&sid=nope", "4hi"), UNKNOWN_SID);
  }

  @Test
  void anAllowedOriginGetsCorsHeadersWithCredentials() throws Exception {
    HttpResponse<String> open = http.get("/engine.io/?EIO=4&transport=polling", "Origin", ALLOWED);
    assertThat(open.statusCode()).isEqualTo(200);
    assertThat(open.headers().firstValue("access-control-allow-origin")).hasValue(ALLOWED);
    assertThat(open.headers().firstValue("access-control-allow-credentials")).hasValue("true");
    // Errors carry them too, so that the page can read them.
    HttpResponse<String> error = http.get("/engine.io/?EIO=4", "Origin", ALLOWED);
    assertThat(error.statusCode()).isEqualTo(400);
    assertThat(error.headers().firstValue("access-control-allow-origin")).hasValue(ALLOWED);
  }

  @Test
  void aPreflightFromAnAllowedOriginIsAnswered() throws Exception {
    HttpResponse<String> preflight =
        http.send(
            "OPTIONS",
            "/engine.io/?EIO=4&transport=polling",
            null,
            "Origin",
            ALLOWED,
            "Access-Control-Request-Method",
            "POST",
            "Access-Control-Request-Headers",
            "content-type");
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue(ALLOWED);
    assertThat(preflight.headers().firstValue("access-control-allow-credentials")).hasValue("true");
    assertThat(preflight.headers().firstValue("access-control-allow-methods").orElse(""))
        .contains("GET")
        .contains("POST");
    assertThat(preflight.headers().firstValue("access-control-allow-headers").orElse(""))
        .containsIgnoringCase("content-type");
  }

  @Test
  void anotherOriginIsRefused() throws Exception {
    HttpResponse<String> open = http.get("/engine.io/?EIO=4&transport=polling", "Origin", OTHER);
    assertForbidden(open);
    HttpResponse<String> preflight =
        http.send(
            "OPTIONS",
            "/engine.io/?EIO=4&transport=polling",
            null,
            "Origin",
            OTHER,
            "Access-Control-Request-Method",
            "POST");
    assertForbidden(preflight);
    // Without CORS options the server's origins apply: by default, no other origin.
    assertForbidden(http.get("/plain.io/?EIO=4&transport=polling", "Origin", ALLOWED));
  }

  private static void assertForbidden(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(403);
    assertThat(response.body()).startsWith("{\"error\":\"forbidden\",\"message\":\"origin ");
    assertThat(response.headers().map())
        .doesNotContainKeys("access-control-allow-origin", "access-control-allow-methods");
  }

  @Test
  void theHandshakeSetsTheStickySessionCookie() throws Exception {
    HttpResponse<String> open = http.get("/engine.io/?EIO=4&transport=polling");
    String sid = HeraldClient.parse(open.body().substring(1)).get("sid").asText();
    assertThat(open.headers().allValues("set-cookie"))
        .containsExactly("io=" + sid + "; Path=/; HttpOnly; SameSite=Lax");
    HttpResponse<String> plain = http.get("/plain.io/?EIO=4&transport=polling");
    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(plain.headers().map()).doesNotContainKey("set-cookie");
  }
}
