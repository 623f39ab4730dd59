package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.herald.bench.client.Clients;
import io.herald.bench.client.WsConnection;
import io.herald.bench.client.WsListener;
import io.herald.bench.load.SocketIoSubscriberClient;
import io.herald.bench.server.SocketIoBenchServer;
import io.herald.server.Herald;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Socket.IO subscribers against an in-process Herald set up as {@code run.sh --target
 * herald-sio} does ({@link SocketIoBenchServer}), over real loopback sockets.
 */
@Timeout(60)
class SocketIoFanoutTest {
  private static Herald herald;

  @BeforeAll
  static void start() {
    herald = SocketIoBenchServer.start("127.0.0.1", 0, 1);
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  @Test
  void aHeraldPublishReachesTheRoomNamedInTheConnectAuthAsAnEventPacket() throws Exception {
    RawSocket socket = new RawSocket("40{\"room\":\"news\"}");
    try (Clients clients = clients(SocketIoSubscriberClient.PATH)) {
      clients.open(1, 1, 10_000, i -> socket);
      assertThat(socket.next()).startsWith("0{\"sid\":");
      assertThat(socket.next()).startsWith("40{\"sid\":");
      herald.publish("news", "tick", Map.of("t", 5)).toCompletableFuture().get(5, TimeUnit.SECONDS);
      // The frame the subscriber counts and reads "t" from (Socket.IO v5 EVENT in namespace "/").
      assertThat(socket.next()).isEqualTo("42[\"tick\",{\"t\":5}]");
    }
  }

  @Test
  void theMiddlewareRefusesAConnectWithoutARoom() throws Exception {
    RawSocket socket = new RawSocket("40");
    try (Clients clients = clients(SocketIoSubscriberClient.PATH)) {
      clients.open(1, 1, 10_000, i -> socket);
      assertThat(socket.next()).startsWith("0{");
      assertThat(socket.next()).isEqualTo("44{\"message\":\"auth.room is required\"}");
    }
  }

  @Test
  void aWindowedFanoutToSocketIoSubscribersIsCountedInFull() throws Exception {
    FanoutRun.Settings settings =
        new FanoutRun.Settings(
            50, SubscriberProtocol.SOCKETIO, "bench", 8, false, 0, 20, 1, 0, 2, 25);
    FanoutRun.Result result = FanoutRun.run(target(), settings);
    assertThat(result.closed()).isZero();
    assertThat(result.errors()).isZero();
    assertThat(result.published()).isPositive();
    assertThat(result.deliveries()).isGreaterThanOrEqualTo(result.published() * 50 - 8 * 50);
    assertThat(result.latency().getTotalCount()).isPositive();
    // (Not FanoutReport.valid: in two seconds the window's 8 messages in flight at the end are
    // more than its 0.5 % tolerance.)
  }

  @Test
  void aFixedRateRunRecordsTheLatencyOfEveryDelivery() throws Exception {
    FanoutRun.Settings settings =
        new FanoutRun.Settings(
            20, SubscriberProtocol.SOCKETIO, "bench", 100, false, 50, 20, 1, 0, 2, 20);
    FanoutRun.Result result = FanoutRun.run(target(), settings);
    assertThat(result.closed()).isZero();
    assertThat(result.errors()).isZero();
    assertThat(result.skipped()).isZero();
    assertThat(result.published()).isBetween(60L, 140L);
    // Every message but the last two (in flight when the counters were read) reached all 20.
    assertThat(result.deliveries()).isGreaterThanOrEqualTo((result.published() - 2) * 20);
    assertThat(result.byPosition()).hasSize(10);
    long byPosition = 0;
    for (var tenth : result.byPosition()) {
      byPosition += tenth.getTotalCount();
    }
    // Every sample goes into both, but the run reads the two sets of histograms a moment apart
    // while deliveries go on, so they may differ by the samples of that moment (one message to
    // 20 subscribers).
    assertThat(byPosition).isPositive().isCloseTo(result.latency().getTotalCount(), within(20L));
  }

  private static Target target() {
    Target target = new Target();
    target.host = "127.0.0.1";
    target.port = herald.port();
    target.path = "/herald";
    target.label = "herald-sio";
    target.threads = 1;
    return target;
  }

  private static Clients clients(String path) {
    return new Clients(new InetSocketAddress("127.0.0.1", herald.port()), path, 1);
  }

  /** Records every text frame; sends {@code connect} after the open packet, pongs each ping. */
  private static final class RawSocket implements WsListener {
    private final byte[] connect;
    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();

    RawSocket(String connect) {
      this.connect = connect.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void onText(WsConnection connection, ByteBuf buffer, int index, int length) {
      String text = buffer.toString(index, length, StandardCharsets.UTF_8);
      if (text.startsWith("0")) {
        connection.send(connect);
      } else if (text.equals("2")) {
        connection.send("3".getBytes(StandardCharsets.US_ASCII));
        return;
      }
      texts.add(text);
    }

    @Override
    public void onClosed(WsConnection connection, int code, String reason) {
      texts.add("closed " + code + " " + reason);
    }

    String next() throws InterruptedException {
      String text = texts.poll(10, TimeUnit.SECONDS);
      assertThat(text).as("a frame within 10 s").isNotNull();
      return text;
    }
  }
}
