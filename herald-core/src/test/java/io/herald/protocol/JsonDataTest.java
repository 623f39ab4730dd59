package io.herald.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.NullNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JsonDataTest {

  record Point(int x, String label, List<Boolean> flags) {}

  private static void assertInvalidJson(String json) {
    assertThatThrownBy(() -> JsonData.parse(json))
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_JSON));
  }

  private static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  @Test
  void normalisesPrettyJsonToCompactForm() {
    JsonData data =
        JsonData.parse("{\n  \"a\" : [ 1 , 2 ,\t3 ],\r\n  \"b\" : { \"c\" : null }\n}\n");

    assertThat(data.toString()).isEqualTo("{\"a\":[1,2,3],\"b\":{\"c\":null}}");
    assertThat(data.bytes())
        .isEqualTo("{\"a\":[1,2,3],\"b\":{\"c\":null}}".getBytes(StandardCharsets.UTF_8));
    assertThat(data.size()).isEqualTo(data.bytes().length);
  }

  @Test
  void compactFormNeverContainsALineBreak() {
    JsonData data = JsonData.parse("{\"text\" : \"line1\\nline2\\r\"}");

    assertThat(data.toString()).isEqualTo("{\"text\":\"line1\\nline2\\r\"}");
    assertThat(data.bytes()).doesNotContain((byte) '\n', (byte) '\r');
  }

  @Test
  void keepsUnicodeAsUtf8() {
    assertThat(JsonData.parse("\"\\u00e9\"").bytes())
        .isEqualTo("\"é\"".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void numberBeyondTheExponentRangeIsInvalidJson() {
    // Jackson reports these as NumberFormatException, not as a parse error.
    assertInvalidJson("1e9999999999");
    assertInvalidJson("[1e-99999999999]");
    assertInvalidJson("{\"n\":-2.5E+99999999999}");
  }

  @Test
  void parsesScalars() {
    assertThat(JsonData.parse(" 42 ").toString()).isEqualTo("42");
    assertThat(JsonData.parse("\"hi\"").toString()).isEqualTo("\"hi\"");
    assertThat(JsonData.parse("true").toString()).isEqualTo("true");
    assertThat(JsonData.parse("12345678901234567890").toString()).isEqualTo("12345678901234567890");
  }

  @Test
  void rejectsTrailingTokens() {
    assertInvalidJson("{} x");
    assertInvalidJson("{}{}");
    assertInvalidJson("1 2");
  }

  @Test
  void rejectsDuplicateKeys() {
    assertInvalidJson("{\"a\":1,\"a\":2}");
    assertInvalidJson("{\"o\":{\"k\":1,\"k\":1}}");
  }

  @Test
  void nestingLimitIs64() {
    assertThat(JsonData.parse(nested(64)).toString()).isEqualTo(nested(64));
    assertInvalidJson(nested(65));
    assertInvalidJson("{\"a\":" + nested(64) + "}");
  }

  @Test
  void rejectsMalformedAndEmpty() {
    assertInvalidJson("");
    assertInvalidJson("   ");
    assertInvalidJson("{");
    assertInvalidJson("{'a':1}");
    assertInvalidJson("nul");
  }

  @Test
  void parseKeepsHugeNumberANumber() {
    // A valid JSON number must not come out as a different JSON type: either keep it a number
    // or reject it as invalid_json.
    JsonData data;
    try {
      data = JsonData.parse("1e400");
    } catch (ProtocolException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_JSON);
      return;
    }
    assertThat(data.toTree().isNumber()).as("1e400 normalised to %s", data).isTrue();
  }

  @Test
  void fromValueWritesRecords() {
    JsonData data = JsonData.fromValue(new Point(3, "p\"q", List.of(true, false)));

    assertThat(data.toString()).isEqualTo("{\"x\":3,\"label\":\"p\\\"q\",\"flags\":[true,false]}");
  }

  @Test
  void fromValueWritesMapsAndScalars() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("b", 1);
    map.put("a", java.util.Arrays.asList("x", null));

    assertThat(JsonData.fromValue(map).toString()).isEqualTo("{\"b\":1,\"a\":[\"x\",null]}");
    assertThat(JsonData.fromValue("s").toString()).isEqualTo("\"s\"");
    assertThat(JsonData.fromValue(7L).toString()).isEqualTo("7");
  }

  @Test
  void fromValueNullAndJsonData() {
    JsonData parsed = JsonData.parse("[1]");

    assertThat(JsonData.fromValue(null)).isSameAs(JsonData.NULL);
    assertThat(JsonData.fromValue(parsed)).isSameAs(parsed);
  }

  @Test
  void nullConstant() {
    assertThat(JsonData.NULL.toString()).isEqualTo("null");
    assertThat(JsonData.NULL.size()).isEqualTo(4);
    assertThat(JsonData.of(null)).isSameAs(JsonData.NULL);
    assertThat(JsonData.of(NullNode.getInstance())).isSameAs(JsonData.NULL);
    assertThat(JsonData.parse("null")).isEqualTo(JsonData.NULL);
    assertThat(JsonData.NULL.toTree().isNull()).isTrue();
  }

  @Test
  void treeAndBindingRoundTrip() {
    JsonData data = JsonData.parse("{\"x\":1,\"label\":\"a\",\"flags\":[true]}");

    assertThat(JsonData.of(data.toTree())).isEqualTo(data);
    assertThat(data.as(Point.class)).isEqualTo(new Point(1, "a", List.of(true)));
    assertThat(data.hashCode()).isEqualTo(JsonData.parse(data.toString()).hashCode());
    assertThatThrownBy(() -> data.as(Integer.class)).isInstanceOf(IllegalArgumentException.class);
  }
}
