package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testing.HeraldClient;
import io.herald.testing.Http;
import io.herald.testing.RawWebSocket;
import io.herald.testing.SseReader;
import io.herald.testing.TestHerald;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The origin check of every Herald transport ({@code /herald}, an application WebSocket endpoint,
 * SSE, polling) over real sockets: same-origin pages and non-browser clients get in, other origins
 * only if listed, with CORS headers; a refusal is a 403 before any upgrade or stream.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OriginsTest {
  private static final String APP = "https://app.example.com";
  private static final String EVIL = "https://evil.example";
  private static final List<String> WEBSOCKETS = List.of("/herald", "/echo");

  /** Default origins. */
  private static Herald defaults;

  /** An allowlist with credentials. */
  private static Herald listed;

  /** {@code "*"} without credentials. */
  private static Herald any;

  @BeforeAll
  static void start() {
    defaults = start(OriginOptions.DEFAULTS);
    listed = start(new OriginOptions(List.of(APP, "https://*.example.org", "null"), true));
    any = start(new OriginOptions(List.of("*"), false));
  }

  private static Herald start(OriginOptions origins) {
    WebSocketEndpoint echo = WebSocketEndpoint.builder().onText((c, text) -> c.send(text)).build();
    return Herald.builder()
        .config(TestHerald.CONFIG.withOrigins(origins))
        .websocket("/echo", echo)
        .start();
  }

  @AfterAll
  static void stop() {
    defaults.stop();
    listed.stop();
    any.stop();
  }

  private static String self(Herald herald) {
    return "http://127.0.0.1:" + herald.port();
  }

  private static Map<String, String> origin(String origin) {
    return origin == null ? Map.of() : Map.of("Origin", origin);
  }

  /** Opens a WebSocket; returns 101 if it was accepted, else the refusal's status. */
  private static int webSocket(Herald herald, String path, String origin) throws Exception {
    RawWebSocket ws;
    try {
      ws = RawWebSocket.connect(herald.port(), path, origin(origin));
    } catch (RawWebSocket.RefusedException e) {
      assertRefusal(e.refusal().status(), e.refusal().body(), origin);
      return e.refusal().status();
    }
    ws.close();
    return 101;
  }

  private static SseReader sse(Herald herald, String origin) throws Exception {
    return SseReader.open(herald.port(), "/sse?channel=news", origin(origin));
  }

  private static HttpResponse<String> poll(Herald herald, String origin) throws Exception {
    Http http = new Http(herald.port());
    return origin == null
        ? http.get("/poll?channel=news")
        : http.get("/poll?channel=news", "Origin", origin);
  }

  private static void assertRefusal(int status, String body, String origin) throws Exception {
    assertThat(status).isEqualTo(403);
    JsonNode error = HeraldClient.parse(body);
    assertThat(error.get("error").asText()).isEqualTo("forbidden");
    assertThat(error.get("message").asText()).isEqualTo("origin " + origin + " is not allowed");
  }

  /** Asserts that every transport lets {@code origin} in; returns the poll's answer. */
  private static HttpResponse<String> assertAllowed(Herald herald, String origin) throws Exception {
    for (String path : WEBSOCKETS) {
      assertThat(webSocket(herald, path, origin)).as(path + " from " + origin).isEqualTo(101);
    }
    try (SseReader sse = sse(herald, origin)) {
      assertThat(sse.status()).as("SSE from " + origin).isEqualTo(200);
      assertCors(sse.header("access-control-allow-origin"), origin, herald);
    }
    HttpResponse<String> poll = poll(herald, origin);
    assertThat(poll.statusCode()).as("poll from " + origin).isEqualTo(200);
    assertCors(
        poll.headers().firstValue("access-control-allow-origin").orElse(null), origin, herald);
    return poll;
  }

  /** A cross-origin answer echoes the origin; same-origin and non-browser ones need no CORS. */
  private static void assertCors(String allowOrigin, String origin, Herald herald) {
    boolean crossOrigin = origin != null && !origin.equals(self(herald));
    assertThat(allowOrigin).isEqualTo(crossOrigin ? origin : null);
  }

  private static void assertRefused(Herald herald, String origin) throws Exception {
    for (String path : WEBSOCKETS) {
      // Refused with 403 and the JSON error, never 101 (webSocket() checks the body).
      assertThat(webSocket(herald, path, origin)).as(path + " from " + origin).isEqualTo(403);
    }
    try (SseReader sse = sse(herald, origin)) {
      assertRefusal(sse.status(), sse.body(), origin);
    }
    HttpResponse<String> poll = poll(herald, origin);
    assertRefusal(poll.statusCode(), poll.body(), origin);
    assertThat(poll.headers().map()).doesNotContainKey("access-control-allow-origin");
  }

  @Test
  void theServersOwnPagesAreAllowedOnEveryTransport() throws Exception {
    for (Herald herald : List.of(defaults, listed, any)) {
      assertAllowed(herald, self(herald));
    }
  }

  @Test
  void clientsWithoutAnOriginAreAllowedOnEveryTransport() throws Exception {
    for (Herald herald : List.of(defaults, listed, any)) {
      assertAllowed(herald, null);
    }
  }

  @Test
  void anotherOriginIsRefusedOnEveryTransportByDefault() throws Exception {
    assertRefused(defaults, EVIL);
    assertRefused(defaults, APP);
    // Another name for the same machine is another origin.
    assertRefused(defaults, "http://localhost:" + defaults.port());
    assertRefused(defaults, "null");
    assertRefused(listed, EVIL);
  }

  @Test
  void aListedOriginIsAllowedWithCorsHeadersAndCredentials() throws Exception {
    HttpResponse<String> poll = assertAllowed(listed, APP);
    assertThat(poll.headers().firstValue("access-control-allow-credentials")).hasValue("true");
    assertThat(poll.headers().allValues("vary")).contains("origin");
    try (SseReader sse = sse(listed, APP)) {
      assertThat(sse.header("access-control-allow-credentials")).isEqualTo("true");
    }
    assertAllowed(listed, "null");
  }

  @Test
  void aWildcardAllowsSubdomainsOnly() throws Exception {
    assertAllowed(listed, "https://chat.example.org");
    assertAllowed(listed, "https://eu.chat.example.org");
    assertRefused(listed, "https://example.org");
    assertRefused(listed, "http://chat.example.org");
  }

  @Test
  void aStarAllowsAnyOriginWithoutCredentials() throws Exception {
    HttpResponse<String> poll = assertAllowed(any, EVIL);
    assertThat(poll.headers().map()).doesNotContainKey("access-control-allow-credentials");
    assertRefused(any, "null");
  }

  @Test
  void aPreflightIsAnsweredForAllowedOriginsOnly() throws Exception {
    Http http = new Http(listed.port());
    for (String path : List.of("/poll?channel=news", "/sse?channel=news")) {
      HttpResponse<String> preflight =
          http.send(
              "OPTIONS",
              path,
              null,
              "Origin",
              APP,
              "Access-Control-Request-Method",
              "GET",
              "Access-Control-Request-Headers",
              "last-event-id");
      assertThat(preflight.statusCode()).as(path).isEqualTo(204);
      assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue(APP);
      assertThat(preflight.headers().firstValue("access-control-allow-credentials"))
          .hasValue("true");
      assertThat(preflight.headers().firstValue("access-control-allow-methods")).hasValue("GET");
      assertThat(preflight.headers().firstValue("access-control-allow-headers"))
          .hasValue("last-event-id");
      assertThat(preflight.headers().firstValue("access-control-max-age")).hasValue("600");

      HttpResponse<String> refused =
          http.send("OPTIONS", path, null, "Origin", EVIL, "Access-Control-Request-Method", "GET");
      assertRefusal(refused.statusCode(), refused.body(), EVIL);
      assertThat(refused.headers().map()).doesNotContainKey("access-control-allow-methods");
    }
  }

  @Test
  void aRefusedUpgradeIsAnsweredAndClosed() throws Exception {
    String request =
        "GET /herald HTTP/1.1\r\nHost: 127.0.0.1:"
            + defaults.port()
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            + "Origin: "
            + EVIL
            + "\r\n\r\n";
    String answer;
    try (Socket socket = new Socket("127.0.0.1", defaults.port())) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      // Reads to the end of the stream: a timeout here means the connection was left open.
      answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
    assertThat(answer).startsWith("HTTP/1.1 403 ").doesNotContain("101");
    assertThat(answer)
        .endsWith("{\"error\":\"forbidden\",\"message\":\"origin " + EVIL + " is not allowed\"}");
  }

  @Test
  void aStarWithCredentialsIsRefusedWhenConfigured() {
    assertThatThrownBy(() -> TestHerald.CONFIG.withOrigins(new OriginOptions(List.of("*"), true)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'*' cannot be combined with credentials");
    assertThatThrownBy(() -> new OriginOptions(List.of("https://app.example.com/chat"), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not an origin");
  }
}
