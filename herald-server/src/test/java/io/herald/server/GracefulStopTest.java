package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testing.HeraldClient;
import io.herald.testing.Http;
import io.herald.testing.RawWebSocket;
import io.herald.testing.SseReader;
import io.herald.testing.TestHerald;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** stop(): WebSockets close with 1001, streams end, polls are answered, new connections fail. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GracefulStopTest {
  @Test
  void stopTellsEveryConnectionToGoElsewhere() throws Exception {
    Herald herald =
        TestHerald.start(
            b ->
                b.websocket(
                    "/app", WebSocketEndpoint.builder().onText(WebSocketConnection::send).build()));
    int port = herald.port();
    Http http = new Http(port);
    HeraldClient client = HeraldClient.connect(port);
    client.subscribe("stop-test");
    RawWebSocket app = RawWebSocket.connect(port, "/app");
    SseReader sse = SseReader.open(port, "/sse?channel=stop-test");
    sse.next(Duration.ofSeconds(5));
    String position =
        HeraldClient.parse(http.get("/poll?channel=stop-test").body()).get("next").asText();
    CompletableFuture<String> longPoll =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return http.get("/poll?channel=stop-test&since=" + position + "&wait=30").body();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> herald.connections("poll") == 1);

    long start = System.nanoTime();
    CompletableFuture<Void> stopping = CompletableFuture.runAsync(herald::stop);

    RawWebSocket.Frame close = client.socket().awaitClose(Duration.ofSeconds(5));
    assertThat(close.closeCode()).isEqualTo(1001);
    assertThat(close.closeReason()).contains("reconnect");
    assertThat(app.awaitClose(Duration.ofSeconds(5)).closeCode()).isEqualTo(1001);
    assertThat(sse.awaitEnd(Duration.ofSeconds(5))).as("stream ends with the last chunk").isTrue();
    JsonNode answer = HeraldClient.parse(longPoll.get(5, TimeUnit.SECONDS));
    assertThat(answer.get("messages")).isEmpty();
    assertThat(answer.get("next").asText()).isEqualTo(position);

    // Answer the close handshakes so the server need not wait for its timeout.
    client.socket().sendClose(1001, "");
    app.sendClose(1001, "");
    stopping.get(10, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThatThrownBy(() -> RawWebSocket.connect(port, "/herald"))
        .isInstanceOf(ConnectException.class);
    client.close();
    app.close();
    sse.close();
  }
}
