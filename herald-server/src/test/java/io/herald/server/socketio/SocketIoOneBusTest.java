package io.herald.server.socketio;

import static io.herald.server.socketio.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.server.Herald;
import io.herald.testing.HeraldClient;
import io.herald.testing.SseReader;
import io.herald.testing.TestHerald;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Socket.IO room of the main namespace is the Herald channel of the same name: publishes reach
 * Socket.IO sockets, Socket.IO broadcasts reach {@code /herald} subscribers and SSE streams.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketIoOneBusTest {
  private static final Map<String, Socket> SOCKETS = new ConcurrentHashMap<>();
  private static Herald herald;
  private static int port;

  @BeforeAll
  static void start() {
    herald = TestHerald.start(b -> b.socketIo(io -> io.onConnection(s -> SOCKETS.put(s.id(), s))));
    port = herald.port();
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  private static Socket socket(SioClient client) {
    return await().until(() -> SOCKETS.get(client.sid()), s -> s != null);
  }

  @Test
  void aPublishReachesSocketsInTheRoom() throws Exception {
    try (SioClient client = SioClient.connected(port)) {
      socket(client).join("news");
      herald
          .publish("news", "update", Map.of("headline", "one bus"))
          .toCompletableFuture()
          .get(5, TimeUnit.SECONDS);
      assertThat(client.next()).isEqualTo("2[\"update\",{\"headline\":\"one bus\"}]");
    }
  }

  @Test
  void aRoomBroadcastReachesHeraldAndSseSubscribers() throws Exception {
    try (HeraldClient subscriber = HeraldClient.connect(port);
        SseReader sse = SseReader.open(port, "/sse?channel=bulletin");
        SioClient client = SioClient.connected(port)) {
      subscriber.subscribe("bulletin");
      assertThat(sse.next(Await.WAIT).event()).isEqualTo("herald.subscribed");
      socket(client).join("bulletin");

      herald.socketIo().to("bulletin").emit("update", Map.of("n", 2));

      JsonNode message = subscriber.next("message");
      assertThat(message.get("channel").asText()).isEqualTo("bulletin");
      assertThat(message.get("event").asText()).isEqualTo("update");
      assertThat(message.get("data").toString()).isEqualTo("{\"n\":2}");
      SseReader.Event event = sse.next(Await.WAIT);
      assertThat(event.event()).isEqualTo("update");
      assertThat(HeraldClient.parse(event.data()).get("data").toString()).isEqualTo("{\"n\":2}");
      assertThat(client.next()).isEqualTo("2[\"update\",{\"n\":2}]");

      // Several arguments travel as an array on the JSON transports.
      herald.socketIo().to("bulletin").emit("pair", "a", 1);
      assertThat(subscriber.next("message").get("data").toString()).isEqualTo("[\"a\",1]");
      assertThat(HeraldClient.parse(sse.next(Await.WAIT).data()).get("data").toString())
          .isEqualTo("[\"a\",1]");
      assertThat(client.next()).isEqualTo("2[\"pair\",\"a\",1]");
    }
  }

  @Test
  void binaryArgumentsAreInlinedAsBase64ForJsonTransports() throws Exception {
    try (HeraldClient subscriber = HeraldClient.connect(port);
        SseReader sse = SseReader.open(port, "/sse?channel=files");
        SioClient client = SioClient.connected(port)) {
      subscriber.subscribe("files");
      sse.next(Await.WAIT);
      socket(client).join("files");

      herald.socketIo().to("files").emit("file", Map.of("name", "a.bin"), new byte[] {1, 2, 3});

      assertThat(subscriber.next("message").get("data").toString())
          .isEqualTo("[{\"name\":\"a.bin\"},\"AQID\"]");
      assertThat(HeraldClient.parse(sse.next(Await.WAIT).data()).get("data").toString())
          .isEqualTo("[{\"name\":\"a.bin\"},\"AQID\"]");
      assertThat(client.next())
          .isEqualTo("51-[\"file\",{\"name\":\"a.bin\"},{\"_placeholder\":true,\"num\":0}]");
      assertThat(client.nextBinary()).containsExactly(1, 2, 3);
    }
  }
}
