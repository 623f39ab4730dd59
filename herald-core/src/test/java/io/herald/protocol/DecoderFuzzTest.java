package io.herald.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.herald.protocol.engineio.EngineCodec;
import io.herald.protocol.engineio.EngineLimits;
import io.herald.protocol.engineio.EnginePacket;
import io.herald.protocol.socketio.SocketIoDecoder;
import io.herald.protocol.socketio.SocketIoLimits;
import io.herald.protocol.socketio.SocketIoPacket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes every decoder of untrusted input in herald-core with Jazzer. The invariant: a decoder
 * returns a value or throws a {@link ProtocolException} with a code and a message; nothing else
 * escapes, and what it accepts reads back the same.
 *
 * <p>The first byte of an input picks the decoder ({@code '0'}–{@code '7'} in the seed files, see
 * {@link #decoders}); the rest is what that decoder reads. Without {@code JAZZER_FUZZ} only the
 * seed corpus in {@code DecoderFuzzTestInputs/decoders} runs; the build's fuzz execution fuzzes
 * (docs/security.md, "Fuzzing").
 */
class DecoderFuzzTest {
  private static final int DECODERS = 8;
  private static final FrameLimits LIMITS = FrameLimits.DEFAULTS;
  private static final EngineLimits ENGINE_LIMITS = new EngineLimits(2048, 16);

  /**
   * One target for all decoders, since Jazzer fuzzes one target per JVM: 0 Herald client frames, 1
   * offsets, 2 cursors (the next byte is the channel count), 3 channel and event names, 4 JSON
   * data, 5 Engine.IO WebSocket frames, 6 Engine.IO polling payloads, 7 Socket.IO packet sequences
   * (frames split at {@code \n}; one starting with {@code B} is a binary attachment).
   */
  @FuzzTest(maxDuration = "12s")
  void decoders(byte[] input) {
    if (input.length == 0) {
      return;
    }
    byte[] rest = Arrays.copyOfRange(input, 1, input.length);
    String text = new String(rest, StandardCharsets.UTF_8);
    try {
      switch (Math.floorMod(input[0], DECODERS)) {
        case 0 -> clientFrame(rest);
        case 1 -> offset(text);
        case 2 -> cursor(rest);
        case 3 -> names(text);
        case 4 -> json(text);
        case 5 -> EngineCodec.decodeFrame(text);
        case 6 -> enginePayload(text);
        default -> socketIo(rest);
      }
    } catch (ProtocolException e) {
      assertThat(e.code()).isNotNull();
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  private static void clientFrame(byte[] bytes) {
    ClientFrame frame = new ClientFrameDecoder(LIMITS).decode(bytes, 0, bytes.length);
    assertThat(frame).isNotNull();
  }

  private static void offset(String text) {
    Offset offset = Offset.parse(text);
    assertThat(Offset.parse(offset.toString())).isEqualTo(offset);
  }

  private static void cursor(byte[] bytes) {
    if (bytes.length == 0) {
      return;
    }
    int channels = Math.floorMod(bytes[0], 12);
    String text = new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8);
    Cursor cursor = Cursor.parse(text, channels);
    assertThat(cursor.size()).isEqualTo(channels);
    assertThat(Cursor.parse(cursor.toString(), channels)).isEqualTo(cursor);
  }

  private static void names(String text) {
    try {
      String channel = Names.channel(text, LIMITS.maxChannelNameLength());
      assertThat(channel).doesNotContain("\"", "\\", "\n", "\r");
    } catch (ProtocolException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CHANNEL);
    }
    String event = Names.event(text, LIMITS.maxEventNameLength());
    assertThat(event).doesNotStartWith(Names.RESERVED_EVENT_PREFIX);
  }

  private static void json(String text) {
    JsonData data = JsonData.parse(text);
    // Compact form holds no line break (it is embedded in SSE lines) and normalises to itself.
    assertThat(data.bytes()).doesNotContain((byte) '\n', (byte) '\r');
    assertThat(JsonData.parse(data.toString())).isEqualTo(data);
  }

  private static void enginePayload(String text) {
    List<EnginePacket> packets = EngineCodec.decodePayload(text, ENGINE_LIMITS);
    assertThat(packets).isNotEmpty().hasSizeLessThanOrEqualTo(ENGINE_LIMITS.maxPackets());
  }

  private static void socketIo(byte[] bytes) {
    SocketIoDecoder decoder = new SocketIoDecoder(SocketIoLimits.DEFAULTS);
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        SocketIoPacket packet;
        if (i > start && bytes[start] == 'B') {
          packet = decoder.decodeBinary(Arrays.copyOfRange(bytes, start + 1, i));
        } else {
          packet = decoder.decodeText(new String(bytes, start, i - start, StandardCharsets.UTF_8));
        }
        if (packet != null) {
          assertThat(packet.namespace()).startsWith(SocketIoPacket.MAIN_NAMESPACE);
        }
        start = i + 1;
      }
    }
  }
}
