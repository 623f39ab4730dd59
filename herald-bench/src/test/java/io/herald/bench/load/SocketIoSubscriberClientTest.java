package io.herald.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.bench.client.WsConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Socket.IO subscriber byte for byte, on an {@link EmbeddedChannel} playing the server. */
@Timeout(10)
class SocketIoSubscriberClientTest {
  private static final String OPEN =
      "0{\"sid\":\"eio1\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,"
          + "\"maxPayload\":1000000}";

  private final LoadStats stats = new LoadStats();
  private final AtomicInteger ready = new AtomicInteger();
  private final AtomicInteger wakes = new AtomicInteger();

  @Test
  void joinsTheRoomFromItsAuthAnswersPingsAndCountsEvents() throws Exception {
    EmbeddedChannel channel = open(new SocketIoSubscriberClient(stats, "bench", true, 3, null));
    channel.writeInbound(Unpooled.wrappedBuffer(concat(response(channel), text(OPEN))));
    assertThat(sent(channel)).isEqualTo("40{\"room\":\"bench\"}");
    assertThat(stats.subscribed.get()).isZero();

    channel.writeInbound(Unpooled.wrappedBuffer(text("40{\"sid\":\"sock1\"}")));
    assertThat(stats.subscribed.get()).isEqualTo(1);
    assertThat(ready.get()).isEqualTo(1);

    channel.writeInbound(Unpooled.wrappedBuffer(text("2")));
    assertThat(sent(channel)).isEqualTo("3");

    long t = System.nanoTime() - 2_000_000;
    String event = "42[\"tick\",{\"t\":" + t + ",\"pad\":\"xxxx\"}]";
    // One socket read with three events, an EVENT of another namespace and one with an ack id
    // (neither is a delivery to room bench of "/"), and a noop.
    channel.writeInbound(
        Unpooled.wrappedBuffer(
            concat(
                text(event),
                text(event),
                text("42/admin,[\"tick\",{\"t\":1}]"),
                text("4217[\"tick\",{\"t\":1}]"),
                text("6"),
                text(event))));
    assertThat(stats.deliveries.get()).isEqualTo(3);
    assertThat(stats.subscribed.get()).as("a second CONNECT answer is not counted").isEqualTo(1);
    var latency = stats.latency.getIntervalHistogram();
    assertThat(latency.getTotalCount()).isEqualTo(3);
    assertThat(latency.getMinValue()).isGreaterThanOrEqualTo(2_000_000);
    assertThat(stats.byPosition[3].getIntervalHistogram().getTotalCount()).isEqualTo(3);
    assertThat(stats.byPosition[2].getIntervalHistogram().getTotalCount()).isZero();
    assertThat(stats.errors.get()).isZero();
    assertThat(channel.<ByteBuf>readOutbound()).as("nothing else was sent").isNull();
    channel.finishAndReleaseAll();
  }

  @Test
  void anUnsampledSubscriberOnlyCountsAndWakesThePublisherOncePerRead() throws Exception {
    EmbeddedChannel channel =
        open(new SocketIoSubscriberClient(stats, "bench", false, -1, wakes::incrementAndGet));
    channel.writeInbound(
        Unpooled.wrappedBuffer(
            concat(response(channel), text(OPEN), text("40{\"sid\":\"sock1\"}"))));
    sent(channel);
    byte[] event = text("42[\"tick\",{\"t\":" + System.nanoTime() + "}]");
    channel.writeInbound(Unpooled.wrappedBuffer(concat(event, event)));
    channel.writeInbound(Unpooled.wrappedBuffer(event));
    assertThat(stats.deliveries.get()).isEqualTo(3);
    assertThat(wakes.get()).isEqualTo(2);
    assertThat(stats.latency.getIntervalHistogram().getTotalCount()).isZero();
    channel.finishAndReleaseAll();
  }

  @Test
  void aConnectErrorIsCountedAndClosesTheConnection() throws Exception {
    EmbeddedChannel channel = open(new SocketIoSubscriberClient(stats, "bench", false, -1, null));
    channel.writeInbound(Unpooled.wrappedBuffer(concat(response(channel), text(OPEN))));
    sent(channel);
    channel.writeInbound(Unpooled.wrappedBuffer(text("44{\"message\":\"auth.room is required\"}")));
    assertThat(stats.errors.get()).isEqualTo(1);
    assertThat(stats.firstProblem()).contains("auth.room is required");
    assertThat(stats.subscribed.get()).isZero();
    channel.runPendingTasks();
    assertThat(channel.isOpen()).isFalse();
    assertThat(stats.closed.get()).isEqualTo(1);
    assertThat(ready.get()).as("the opener stops waiting for it").isEqualTo(1);
    channel.finishAndReleaseAll();
  }

  private EmbeddedChannel open(SocketIoSubscriberClient client) {
    client.readyWith(ready::incrementAndGet);
    return new EmbeddedChannel(
        new WebSocket08FrameEncoder(true),
        new WsConnection("127.0.0.1:1", SocketIoSubscriberClient.PATH, client));
  }

  /** Reads the client's handshake request and builds the server's matching 101 response. */
  private static byte[] response(EmbeddedChannel channel) throws Exception {
    ByteBuf request = channel.readOutbound();
    String text = request.toString(StandardCharsets.US_ASCII);
    request.release();
    assertThat(text).startsWith("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n");
    Matcher key = Pattern.compile("Sec-WebSocket-Key: (\\S+)").matcher(text);
    assertThat(key.find()).isTrue();
    byte[] digest =
        MessageDigest.getInstance("SHA-1")
            .digest(
                (key.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                    .getBytes(StandardCharsets.US_ASCII));
    return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: "
            + Base64.getEncoder().encodeToString(digest)
            + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** The one masked text frame the client wrote, unmasked (RFC 6455 §5.3). */
  private static String sent(EmbeddedChannel channel) {
    ByteBuf frame = channel.readOutbound();
    assertThat(frame).as("a frame was sent").isNotNull();
    try {
      assertThat(frame.getUnsignedByte(0)).as("FIN + text").isEqualTo((short) 0x81);
      int b1 = frame.getUnsignedByte(1);
      assertThat(b1 & 0x80).as("masked").isEqualTo(0x80);
      int length = b1 & 0x7f;
      assertThat(length).isLessThan(126);
      byte[] payload = new byte[length];
      for (int i = 0; i < length; i++) {
        payload[i] = (byte) (frame.getByte(6 + i) ^ frame.getByte(2 + (i & 3)));
      }
      return new String(payload, StandardCharsets.UTF_8);
    } finally {
      frame.release();
    }
  }

  /** An unmasked server text frame. */
  private static byte[] text(String payload) {
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x81);
    if (bytes.length < 126) {
      out.write(bytes.length);
    } else {
      out.write(126);
      out.write(bytes.length >> 8);
      out.write(bytes.length);
    }
    out.writeBytes(bytes);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
