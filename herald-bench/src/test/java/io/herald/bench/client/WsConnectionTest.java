package io.herald.bench.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class WsConnectionTest {
  private final List<String> texts = new ArrayList<>();
  private final List<String> events = new ArrayList<>();

  private final WsListener recorder =
      new WsListener() {
        @Override
        public void onOpen(WsConnection connection) {
          events.add("open");
        }

        @Override
        public void onText(WsConnection connection, ByteBuf buffer, int index, int length) {
          texts.add(buffer.toString(index, length, StandardCharsets.UTF_8));
        }

        @Override
        public void onClosed(WsConnection connection, int code, String reason) {
          events.add("closed " + code + " " + reason);
        }
      };

  @Test
  void decodesTheSameFramesHoweverTheStreamIsSplit() throws Exception {
    for (int chunk : new int[] {1, 2, 3, 7, 64, 100_000}) {
      texts.clear();
      events.clear();
      EmbeddedChannel channel = open();
      byte[] stream = concat(response(channel), serverStream());
      for (int i = 0; i < stream.length; i += chunk) {
        int n = Math.min(chunk, stream.length - i);
        channel.writeInbound(Unpooled.wrappedBuffer(stream, i, n));
      }
      assertThat(events).as("chunk " + chunk).containsExactly("open");
      assertThat(texts)
          .as("chunk " + chunk)
          .containsExactly("{\"type\":\"connected\"}", "x".repeat(300), "y".repeat(70_000), "ab");
      channel.finishAndReleaseAll();
    }
  }

  @Test
  void answersPingsWithPongsAndClosesWithAnEcho() throws Exception {
    EmbeddedChannel channel = open();
    channel.writeInbound(
        Unpooled.wrappedBuffer(
            concat(
                response(channel),
                frame(0x89, "hi".getBytes(StandardCharsets.US_ASCII)),
                frame(0x88, new byte[] {0x03, (byte) 0xf5}))));
    ByteBuf pong = channel.readOutbound();
    assertThat(pong.getByte(0) & 0xff).isEqualTo(0x8a);
    assertThat(pong.getByte(1) & 0x80).as("client frames are masked").isEqualTo(0x80);
    pong.release();
    assertThat(events).containsExactly("open", "closed 1013 ");
    channel.finishAndReleaseAll();
  }

  @Test
  void refusesAWrongAcceptKey() {
    EmbeddedChannel channel = open();
    ByteBuf request = channel.readOutbound();
    request.release();
    channel.writeInbound(
        Unpooled.copiedBuffer(
            "HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: nope\r\n\r\n",
            StandardCharsets.US_ASCII));
    assertThat(events).hasSize(1);
    assertThat(events.get(0)).startsWith("closed -1 bad Sec-WebSocket-Accept");
    assertThat(channel.isOpen()).isFalse();
    channel.finishAndReleaseAll();
  }

  private EmbeddedChannel open() {
    return new EmbeddedChannel(
        new WebSocket08FrameEncoder(true), new WsConnection("127.0.0.1:1", "/herald", recorder));
  }

  /** Reads the client's handshake request and builds the server's matching 101 response. */
  private static byte[] response(EmbeddedChannel channel) throws Exception {
    ByteBuf request = channel.readOutbound();
    String text = request.toString(StandardCharsets.US_ASCII);
    request.release();
    assertThat(text).startsWith("GET /herald HTTP/1.1\r\n");
    Matcher key = Pattern.compile("Sec-WebSocket-Key: (\\S+)").matcher(text);
    assertThat(key.find()).isTrue();
    byte[] digest =
        MessageDigest.getInstance("SHA-1")
            .digest(
                (key.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                    .getBytes(StandardCharsets.US_ASCII));
    return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "sec-websocket-accept: "
            + Base64.getEncoder().encodeToString(digest)
            + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** A greeting, a 16-bit-length frame, a 64-bit-length frame and a fragmented message. */
  private static byte[] serverStream() {
    return concat(
        frame(0x81, "{\"type\":\"connected\"}".getBytes(StandardCharsets.UTF_8)),
        frame(0x81, "x".repeat(300).getBytes(StandardCharsets.UTF_8)),
        frame(0x81, "y".repeat(70_000).getBytes(StandardCharsets.UTF_8)),
        frame(0x01, "a".getBytes(StandardCharsets.UTF_8)),
        frame(0x8a, new byte[0]),
        frame(0x80, "b".getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] frame(int first, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(first);
    if (payload.length < 126) {
      out.write(payload.length);
    } else if (payload.length < 65536) {
      out.write(126);
      out.write(payload.length >> 8);
      out.write(payload.length);
    } else {
      out.write(127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) ((long) payload.length >> shift));
      }
    }
    out.writeBytes(payload);
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
