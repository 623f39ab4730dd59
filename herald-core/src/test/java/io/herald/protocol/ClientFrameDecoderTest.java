package io.herald.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientFrameDecoderTest {
  private final ClientFrameDecoder decoder = new ClientFrameDecoder(FrameLimits.DEFAULTS);

  private ClientFrame decode(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return decoder.decode(bytes, 0, bytes.length);
  }

  private void assertError(String json, ErrorCode code) {
    assertThatThrownBy(() -> decode(json))
        .as(json)
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  // --- valid frames -----------------------------------------------------------------------------

  @Test
  void decodesFullSubscribe() {
    ClientFrame frame =
        decode(
            "{\"op\":\"subscribe\",\"id\":1,\"channel\":\"news\",\"since\":\"Xk2p:15\","
                + "\"presence\":true,\"info\":{ \"name\" : \"ada\" }}");

    assertThat(frame)
        .isEqualTo(
            new ClientFrame.Subscribe(
                1L, "news", new Offset("Xk2p", 15), true, JsonData.parse("{\"name\":\"ada\"}")));
    assertThat(((ClientFrame.Subscribe) frame).info().bytes())
        .isEqualTo("{\"name\":\"ada\"}".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void decodesMinimalSubscribe() {
    assertThat(decode("{\"op\":\"subscribe\",\"channel\":\"user:42\"}"))
        .isEqualTo(new ClientFrame.Subscribe(null, "user:42", null, false, null));
    assertThat(
            decode(
                "{\"op\":\"subscribe\",\"id\":null,\"channel\":\"c\",\"since\":null,"
                    + "\"presence\":null,\"info\":null}"))
        .isEqualTo(new ClientFrame.Subscribe(null, "c", null, false, null));
    assertThat(decode("{\"channel\":\"c\",\"presence\":false,\"op\":\"subscribe\"}"))
        .isEqualTo(new ClientFrame.Subscribe(null, "c", null, false, null));
  }

  @Test
  void decodesUnsubscribe() {
    assertThat(decode("{\"op\":\"unsubscribe\",\"id\":2,\"channel\":\"news\"}"))
        .isEqualTo(new ClientFrame.Unsubscribe(2L, "news"));
  }

  @Test
  void decodesPublishWithCompactData() {
    ClientFrame frame =
        decode(
            "{\"op\":\"publish\",\"id\":3,\"channel\":\"news\",\"event\":\"update\","
                + "\"data\": { \"title\" : [ 1, \"é\" ] } }");

    assertThat(frame).isInstanceOf(ClientFrame.Publish.class);
    ClientFrame.Publish publish = (ClientFrame.Publish) frame;
    assertThat(publish.id()).isEqualTo(3L);
    assertThat(publish.channel()).isEqualTo("news");
    assertThat(publish.event()).isEqualTo("update");
    assertThat(publish.data().bytes())
        .isEqualTo("{\"title\":[1,\"é\"]}".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void publishEventDefaultsToMessageAndDataToNull() {
    assertThat(decode("{\"op\":\"publish\",\"channel\":\"news\"}"))
        .isEqualTo(new ClientFrame.Publish(null, "news", "message", JsonData.NULL));
    assertThat(decode("{\"op\":\"publish\",\"channel\":\"news\",\"event\":null,\"data\":null}"))
        .isEqualTo(new ClientFrame.Publish(null, "news", "message", JsonData.NULL));
    assertThat(decode("{\"op\":\"publish\",\"channel\":\"n\",\"data\":\"x\"}"))
        .isEqualTo(new ClientFrame.Publish(null, "n", "message", JsonData.parse("\"x\"")));
  }

  @Test
  void decodesPresenceQuery() {
    assertThat(decode("{\"op\":\"presence\",\"id\":4,\"channel\":\"news\"}"))
        .isEqualTo(new ClientFrame.PresenceQuery(4L, "news"));
  }

  @Test
  void decodesPing() {
    assertThat(decode("{\"op\":\"ping\",\"id\":5}")).isEqualTo(new ClientFrame.Ping(5L));
    assertThat(decode("{\"op\":\"ping\"}")).isEqualTo(new ClientFrame.Ping(null));
  }

  @Test
  void decodesOnlyTheGivenSlice() {
    byte[] bytes = "xx{\"op\":\"ping\",\"id\":7}yy".getBytes(StandardCharsets.UTF_8);

    assertThat(decoder.decode(bytes, 2, bytes.length - 4)).isEqualTo(new ClientFrame.Ping(7L));
  }

  @Test
  void acceptsIdBounds() {
    assertThat(decode("{\"op\":\"ping\",\"id\":0}").id()).isEqualTo(0L);
    assertThat(decode("{\"op\":\"ping\",\"id\":9007199254740991}").id())
        .isEqualTo(ClientFrameDecoder.MAX_ID)
        .isEqualTo(9007199254740991L);
  }

  @Test
  void acceptsInfoOfExactlyTheLimit() {
    String info = "{\"k\":\"" + "x".repeat(1024 - 8) + "\"}";
    assertThat(info).hasSize(1024);

    ClientFrame.Subscribe frame =
        (ClientFrame.Subscribe)
            decode("{\"op\":\"subscribe\",\"channel\":\"c\",\"info\":" + info + "}");

    assertThat(frame.info().size()).isEqualTo(1024);
  }

  // --- errors -----------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "x",
        "{",
        "{\"op\":\"ping\"",
        "{'op':'ping'}",
        "{\"op\":\"ping\"} {}",
        "{\"op\":\"ping\"}x",
        "{\"op\":\"ping\",\"op\":\"ping\"}"
      })
  void notJsonIsInvalidJson(String json) {
    assertError(json, ErrorCode.INVALID_JSON);
  }

  @Test
  void numberBeyondTheExponentRangeIsInvalidJson() {
    assertError(
        "{\"op\":\"publish\",\"channel\":\"c\",\"data\":1e99999999999}", ErrorCode.INVALID_JSON);
    assertError("{\"op\":\"ping\",\"id\":1e-9999999999}", ErrorCode.INVALID_JSON);
  }

  @Test
  void emptyFrameIsInvalidJson() {
    assertError("", ErrorCode.INVALID_JSON);
    assertError("  ", ErrorCode.INVALID_JSON);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "[{\"op\":\"ping\"}]", "5", "\"ping\"", "null", "true"})
  void nonObjectIsInvalidFrame(String json) {
    assertError(json, ErrorCode.INVALID_FRAME);
  }

  @Test
  void missingOrNonStringOpIsInvalidFrame() {
    assertError("{}", ErrorCode.INVALID_FRAME);
    assertError("{\"id\":1,\"channel\":\"c\"}", ErrorCode.INVALID_FRAME);
    assertError("{\"op\":5}", ErrorCode.INVALID_FRAME);
    assertError("{\"op\":null}", ErrorCode.INVALID_FRAME);
    assertError("{\"op\":[\"ping\"]}", ErrorCode.INVALID_FRAME);
  }

  @Test
  void unknownOp() {
    assertError("{\"op\":\"Subscribe\",\"channel\":\"c\"}", ErrorCode.UNKNOWN_OP);
    assertError("{\"op\":\"\"}", ErrorCode.UNKNOWN_OP);
    assertThatThrownBy(() -> decode("{\"op\":\"jump\\n\"}")).hasMessage("unknown op 'jump?'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"op\":\"subscribe\",\"channel\":\"c\",\"event\":\"e\"}",
        "{\"op\":\"unsubscribe\",\"channel\":\"c\",\"since\":\"a:1\"}",
        "{\"op\":\"publish\",\"channel\":\"c\",\"presence\":true}",
        "{\"op\":\"presence\",\"channel\":\"c\",\"data\":1}",
        "{\"op\":\"ping\",\"channel\":\"c\"}",
        "{\"op\":\"ping\",\"ID\":1}"
      })
  void unknownFieldIsInvalidFrame(String json) {
    assertError(json, ErrorCode.INVALID_FRAME);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"-1", "9007199254740992", "1.5", "\"1\"", "true", "[1]", "{}", "1e300", "-0.5"})
  void badIdIsInvalidFrame(String id) {
    assertError("{\"op\":\"ping\",\"id\":" + id + "}", ErrorCode.INVALID_FRAME);
    assertError(
        "{\"op\":\"subscribe\",\"id\":" + id + ",\"channel\":\"c\"}", ErrorCode.INVALID_FRAME);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"op\":\"subscribe\"}",
        "{\"op\":\"subscribe\",\"channel\":5}",
        "{\"op\":\"subscribe\",\"channel\":null}",
        "{\"op\":\"subscribe\",\"channel\":\"\"}",
        "{\"op\":\"subscribe\",\"channel\":\"a\\\"b\"}",
        "{\"op\":\"subscribe\",\"channel\":\"a\\\\b\"}",
        "{\"op\":\"unsubscribe\",\"channel\":\"a\\nb\"}",
        "{\"op\":\"publish\",\"channel\":\"a\\u0000b\"}",
        "{\"op\":\"presence\",\"channel\":[\"c\"]}"
      })
  void badChannelIsInvalidChannel(String json) {
    assertError(json, ErrorCode.INVALID_CHANNEL);
  }

  @Test
  void channelLengthFollowsLimits() {
    assertError(
        "{\"op\":\"subscribe\",\"channel\":\"" + "c".repeat(201) + "\"}",
        ErrorCode.INVALID_CHANNEL);
    ClientFrameDecoder small = new ClientFrameDecoder(new FrameLimits(3, 3, 16));
    byte[] ok = "{\"op\":\"publish\",\"channel\":\"abc\",\"event\":\"xyz\"}".getBytes();
    byte[] longChannel = "{\"op\":\"publish\",\"channel\":\"abcd\"}".getBytes();
    byte[] longEvent = "{\"op\":\"publish\",\"channel\":\"a\",\"event\":\"wxyz\"}".getBytes();

    assertThat(small.decode(ok, 0, ok.length))
        .isEqualTo(new ClientFrame.Publish(null, "abc", "xyz", JsonData.NULL));
    assertThatThrownBy(() -> small.decode(longChannel, 0, longChannel.length))
        .isInstanceOfSatisfying(
            ProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CHANNEL));
    assertThatThrownBy(() -> small.decode(longEvent, 0, longEvent.length))
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_EVENT));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"abc\"", "\"a:-1\"", "\"\"", "\"a:\"", "5", "true", "{}"})
  void badSinceIsInvalidOffset(String since) {
    assertError(
        "{\"op\":\"subscribe\",\"channel\":\"c\",\"since\":" + since + "}",
        ErrorCode.INVALID_OFFSET);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"true\"", "1", "0", "{}", "[]"})
  void nonBooleanPresenceIsInvalidFrame(String presence) {
    assertError(
        "{\"op\":\"subscribe\",\"channel\":\"c\",\"presence\":" + presence + "}",
        ErrorCode.INVALID_FRAME);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"ada\"", "1", "true", "[]", "[{\"a\":1}]"})
  void nonObjectInfoIsInvalidFrame(String info) {
    assertError(
        "{\"op\":\"subscribe\",\"channel\":\"c\",\"info\":" + info + "}", ErrorCode.INVALID_FRAME);
  }

  @Test
  void oversizedInfoIsInvalidFrame() {
    String info = "{\"k\":\"" + "x".repeat(1024 - 7) + "\"}";
    assertThat(info).hasSize(1025);

    assertError(
        "{\"op\":\"subscribe\",\"channel\":\"c\",\"info\":" + info + "}", ErrorCode.INVALID_FRAME);
  }

  @Test
  void infoSizeIsMeasuredCompact() {
    // Whitespace in the frame does not count against the limit: the info is normalised first.
    String padded = "{ \"k\" :      \"" + "x".repeat(1024 - 8) + "\"      }";

    ClientFrame.Subscribe frame =
        (ClientFrame.Subscribe)
            decode("{\"op\":\"subscribe\",\"channel\":\"c\",\"info\":" + padded + "}");

    assertThat(frame.info().size()).isEqualTo(1024);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"herald.subscribed\"",
        "\"herald.\"",
        "\"\"",
        "\"a\\nb\"",
        "\"a\\\"b\"",
        "5",
        "{}",
        "true"
      })
  void badEventIsInvalidEvent(String event) {
    assertError(
        "{\"op\":\"publish\",\"channel\":\"c\",\"event\":" + event + "}", ErrorCode.INVALID_EVENT);
  }

  @Test
  void overlyNestedDataIsRejected() {
    String deep = "[".repeat(70) + "]".repeat(70);

    assertError(
        "{\"op\":\"publish\",\"channel\":\"c\",\"data\":" + deep + "}", ErrorCode.INVALID_JSON);
  }
}
