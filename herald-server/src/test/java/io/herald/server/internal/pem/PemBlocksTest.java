package io.herald.server.internal.pem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PemBlocksTest {
  private static String block(String type, String content) {
    String base64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(content.getBytes(StandardCharsets.US_ASCII));
    return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
  }

  @Test
  void findsEveryBlockOfItsTypeInOrder() {
    String text =
        "a comment line\n"
            + block("CERTIFICATE", "first")
            + block("PRIVATE KEY", "key")
            + block("CERTIFICATE", "second".repeat(20));
    List<byte[]> found = PemBlocks.of(text, "CERTIFICATE");
    assertThat(found)
        .extracting(der -> new String(der, StandardCharsets.US_ASCII))
        .containsExactly("first", "second".repeat(20));
    assertThat(PemBlocks.of(text, "PUBLIC KEY")).isEmpty();
  }

  @Test
  void aBlockWhoseEndDoesNotMatchItsBeginIsNoBlock() {
    String text = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n";
    assertThat(PemBlocks.of(text, "PRIVATE KEY")).isEmpty();
  }

  @Test
  void badBase64IsRefusedWithoutQuotingTheText() {
    String text = "-----BEGIN PRIVATE KEY-----\nsecretAAB\n-----END PRIVATE KEY-----\n";
    assertThatThrownBy(() -> PemBlocks.of(text, "PRIVATE KEY"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a PRIVATE KEY block that is not valid base64");
  }
}
