package io.herald.server.internal.pem;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the PEM blocks of one type in a text (RFC 7468: {@code -----BEGIN TYPE-----}, base64, the
 * matching {@code -----END TYPE-----}) and decodes them. Shared by the TLS files and the JWT public
 * key; callers word the errors, so that each names its own setting. Called at start-up only.
 */
public final class PemBlocks {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

  private PemBlocks() {}

  /**
   * The DER contents of every {@code type} block of {@code text}, in order.
   *
   * @throws IllegalArgumentException when such a block is not valid base64 (its message, "a TYPE
   *     block that is not valid base64", never quotes the text: it may be a private key)
   */
  public static List<byte[]> of(String text, String type) {
    List<byte[]> found = new ArrayList<>();
    Matcher matcher = BLOCK.matcher(text);
    while (matcher.find()) {
      if (matcher.group(1).equals(type)) {
        try {
          found.add(Base64.getMimeDecoder().decode(matcher.group(2)));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("a " + type + " block that is not valid base64");
        }
      }
    }
    return found;
  }
}
