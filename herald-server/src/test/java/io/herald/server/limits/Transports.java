package io.herald.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.protocol.ErrorCode;
import io.herald.server.Authenticator;
import io.herald.server.Handshake;
import io.herald.server.Herald;
import io.herald.server.HeraldConfig;
import io.herald.server.HttpError;
import io.herald.server.LimitOptions;
import io.herald.server.Principal;
import io.herald.server.WebSocketEndpoint;
import io.herald.server.socketio.EngineIoEndpoint;
import io.herald.testing.Http;
import io.herald.testing.RawWebSocket;
import io.herald.testing.TestHerald;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every way a client opens a connection to Herald, each as one attempt that is expected to be
 * refused before any upgrade or stream, and a server that serves all of them. For the limits tests.
 */
final class Transports {
  /** An HTTP answer: status, headers (lower-case names) and body. */
  record Answer(int status, Map<String, String> headers, String body) {}

  /** One transport's opening request. */
  record Attempt(String transport, String path, boolean websocket) {
    /**
     * Sends the opening request and returns the answer; a WebSocket that was upgraded is closed
     * again and answers 101.
     */
    Answer send(int port, String query) throws IOException {
      String target = path + (path.contains("?") ? "&" : "?") + query;
      if (websocket) {
        try (RawWebSocket accepted = RawWebSocket.connect(port, target)) {
          return new Answer(101, accepted.responseHeaders(), "");
        } catch (RawWebSocket.RefusedException e) {
          RawWebSocket.Refusal refusal = e.refusal();
          return new Answer(refusal.status(), refusal.headers(), refusal.body());
        }
      }
      return parse(
          new Http(port)
              .raw("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
    }
  }

  static final List<Attempt> ALL =
      List.of(
          new Attempt("herald", "/herald", true),
          new Attempt("websocket endpoint", "/echo", true),
          new Attempt("sse", "/sse?channel=news", false),
          new Attempt("poll", "/poll?channel=news&wait=0", false),
          new Attempt("engine.io polling", "/engine.io/?EIO=4&transport=polling", false),
          new Attempt("engine.io websocket", "/engine.io/?EIO=4&transport=websocket", true),
          new Attempt("socket.io polling", "/socket.io/?EIO=4&transport=polling", false),
          new Attempt("socket.io websocket", "/socket.io/?EIO=4&transport=websocket", true));

  private Transports() {}

  /**
   * A server with {@code limits}, an echo WebSocket endpoint at {@code /echo}, a raw Engine.IO
   * endpoint at {@code /engine.io/}, Socket.IO, and the {@link QueryUser} authenticator.
   */
  static Herald start(LimitOptions limits) {
    return start(TestHerald.CONFIG.withLimits(limits));
  }

  /** The same server with the whole configuration given. */
  static Herald start(HeraldConfig config) {
    return TestHerald.start(
        b ->
            b.config(config)
                .websocket(
                    "/echo", WebSocketEndpoint.builder().onText((c, text) -> c.send(text)).build())
                .engineIo(
                    "/engine.io/",
                    EngineIoEndpoint.builder().onText((c, text) -> c.send(text)).build())
                .socketIo(io -> {})
                .authenticator(new QueryUser()));
  }

  /**
   * The user of a connection is its {@code user} query parameter ({@code refused} is refused), or
   * at a Socket.IO CONNECT the {@code user} of the auth payload.
   */
  private static final class QueryUser implements Authenticator {
    @Override
    public Principal authenticate(Handshake handshake) {
      String user = handshake.queryParam("user");
      if ("refused".equals(user)) {
        throw new HttpError(ErrorCode.UNAUTHORIZED, "not this user");
      }
      return user == null ? Principal.ANONYMOUS : Principal.user(user);
    }

    @Override
    public Principal authenticateSocketIo(
        Handshake handshake, JsonNode auth, Principal connectionPrincipal) {
      JsonNode user = auth.path("user");
      return user.isTextual() ? Principal.user(user.asText()) : connectionPrincipal;
    }
  }

  /** Connections holding a place in the server's caps. */
  static int admitted(Herald herald) {
    return (int) herald.meters().get("herald.connections.admitted").gauge().value();
  }

  /** Waits (at most five seconds) until no connection holds a place in the caps. */
  static void awaitNoneAdmitted(Herald herald) throws InterruptedException {
    awaitAdmitted(herald, 0);
  }

  /** Waits (at most five seconds) until {@code count} connections hold a place in the caps. */
  static void awaitAdmitted(Herald herald, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (admitted(herald) != count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(admitted(herald)).as("connections admitted").isEqualTo(count);
  }

  /** How often a limit refused or dropped something. */
  static double refusals(Herald herald, String limit) {
    var counter = herald.meters().find("herald.limits").tag("limit", limit).counter();
    return counter == null ? 0 : counter.count();
  }

  private static Answer parse(String raw) {
    int end = raw.indexOf("\r\n\r\n");
    assertThat(end).as("a complete HTTP answer in: %s", raw).isPositive();
    String[] lines = raw.substring(0, end).split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, raw.substring(end + 4));
  }
}
