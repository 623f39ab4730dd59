package io.herald.server.internal.origin;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A web origin (RFC 6454 §4): scheme, host and port, the scheme and host in lower case and a
 * missing port replaced by the scheme's default. Immutable.
 *
 * @param port the port, or {@code -1} for a scheme without a known default
 */
record WebOrigin(String scheme, String host, int port) {
  private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");
  private static final Pattern HOST = Pattern.compile("\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._~%-]+");
  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

  /**
   * Parses an origin as browsers send it in the {@code Origin} header: {@code
   * scheme://host[:port]}, nothing else.
   *
   * @throws IllegalArgumentException if {@code text} is not of that form
   */
  static WebOrigin parse(String text) {
    int separator = text.indexOf("://");
    if (separator <= 0) {
      throw notAnOrigin(text);
    }
    String scheme = text.substring(0, separator).toLowerCase(Locale.ROOT);
    if (!SCHEME.matcher(scheme).matches()) {
      throw notAnOrigin(text);
    }
    Authority authority = authority(text.substring(separator + 3), defaultPort(scheme));
    if (authority == null) {
      throw notAnOrigin(text);
    }
    return new WebOrigin(scheme, authority.host(), authority.port());
  }

  /**
   * The host and port of a {@code Host} header ({@code host[:port]}, RFC 9110 §7.2), a missing port
   * taken as {@code defaultPort}; {@code null} if it is malformed.
   */
  static Authority authority(String text, int defaultPort) {
    String host = text;
    String port = null;
    if (text.startsWith("[")) {
      // An IPv6 literal (RFC 3986 §3.2.2).
      int end = text.indexOf(']');
      if (end < 0) {
        return null;
      }
      host = text.substring(0, end + 1);
      String rest = text.substring(end + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          return null;
        }
        port = rest.substring(1);
      }
    } else {
      int colon = text.lastIndexOf(':');
      if (colon >= 0) {
        host = text.substring(0, colon);
        port = text.substring(colon + 1);
      }
    }
    if (host.isEmpty() || !HOST.matcher(host).matches()) {
      return null;
    }
    int number = defaultPort;
    if (port != null) {
      if (!PORT.matcher(port).matches() || Integer.parseInt(port) > 65_535) {
        return null;
      }
      number = Integer.parseInt(port);
    }
    return new Authority(host.toLowerCase(Locale.ROOT), number);
  }

  /** The default port of {@code scheme}, or {@code -1} if it has none Herald knows. */
  static int defaultPort(String scheme) {
    return switch (scheme) {
      case "http", "ws" -> 80;
      case "https", "wss" -> 443;
      default -> -1;
    };
  }

  /** The text form, with the port only where it is not the scheme's default. */
  @Override
  public String toString() {
    return scheme + "://" + host + (port == defaultPort(scheme) ? "" : ":" + port);
  }

  private static IllegalArgumentException notAnOrigin(String text) {
    return new IllegalArgumentException(
        "'" + text + "' is not an origin: expected scheme://host[:port], with no path");
  }

  /** A host (lower case) and port. */
  record Authority(String host, int port) {}
}
