package io.herald.server.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testing.HeraldClient;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One Engine.IO v4 long-polling session over the JDK HTTP client: the handshake, then GET and POST
 * with the session id. Every request is bounded. For tests.
 */
final class EioPolling {
  static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .proxy(ProxySelector.of(null))
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final String base;
  private final JsonNode open;

  private EioPolling(String base, JsonNode open) {
    this.base = base;
    this.open = open;
  }

  /** Opens a session at {@code path} (e.g. {@code /engine.io/}); fails unless it succeeds. */
  static EioPolling open(int port, String path) throws Exception {
    String base = "http://127.0.0.1:" + port + path + "?EIO=4&transport=polling";
    HttpResponse<String> response =
        CLIENT.send(request(URI.create(base)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).startsWith("0");
    JsonNode open = HeraldClient.parse(response.body().substring(1));
    return new EioPolling(base, open);
  }

  /** The open packet's JSON. */
  JsonNode handshake() {
    return open;
  }

  String sid() {
    return open.get("sid").asText();
  }

  URI uri() {
    return URI.create(base + "&sid=" + sid());
  }

  /** A poll, waiting for its answer. */
  HttpResponse<String> get() throws Exception {
    return getAsync().get();
  }

  /** A poll sent now, answered later. */
  CompletableFuture<HttpResponse<String>> getAsync() {
    return CLIENT.sendAsync(request(uri()).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Posts a text payload. */
  HttpResponse<String> post(String body) throws Exception {
    return CLIENT.send(
        request(uri())
            .header("Content-Type", "text/plain;charset=UTF-8")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Posts raw bytes with a content type. */
  HttpResponse<String> post(byte[] body, String contentType) throws Exception {
    return CLIENT.send(
        request(uri())
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(TIMEOUT);
  }
}
