package io.herald.server.internal.transport;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which TCP peers are reverse proxies whose {@code X-Forwarded-For} header may be believed, and the
 * client address that follows from it. A client can write any {@code X-Forwarded-For} it likes, so
 * the header is read only when the peer is trusted, and only from the right: each trusted proxy
 * appends the address it received the request from, so the rightmost address that is not itself a
 * trusted proxy is the client. Nothing here resolves a host name.
 *
 * <p>Immutable; any thread.
 */
public final class TrustedProxies {
  private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");

  /** Trusts no one: the client address is always the TCP peer. */
  public static final TrustedProxies NONE = new TrustedProxies(List.of());

  /** An address range: the first {@code bits} bits of {@code network}. */
  private record Range(byte[] network, int bits) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int whole = bits / 8;
      for (int i = 0; i < whole; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xFF << (8 - rest) & 0xFF;
      return (address[whole] & mask) == (network[whole] & mask);
    }
  }

  private final List<Range> ranges;

  private TrustedProxies(List<Range> ranges) {
    this.ranges = ranges;
  }

  /**
   * Parses addresses and CIDR ranges, e.g. {@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code fd00::/8}.
   *
   * @throws IllegalArgumentException naming (by its index, not its text) the first entry that is
   *     neither
   */
  public static TrustedProxies of(List<String> entries) {
    List<Range> ranges = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      ranges.add(range(entries.get(i), "server.trustedProxies[" + i + "]"));
    }
    return ranges.isEmpty() ? NONE : new TrustedProxies(List.copyOf(ranges));
  }

  private static Range range(String entry, String name) {
    String text = entry == null ? "" : entry.strip();
    int slash = text.indexOf('/');
    byte[] network =
        normalized(
            NetUtil.createByteArrayFromIpAddressString(
                slash < 0 ? text : text.substring(0, slash)));
    if (network == null) {
      throw new IllegalArgumentException(
          name + " is not an IP address or CIDR range (e.g. 10.0.0.0/8, 127.0.0.1, fd00::/8)");
    }
    int max = network.length * 8;
    int bits = max;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        bits = -1;
      }
      if (bits < 0 || bits > max) {
        throw new IllegalArgumentException(name + " needs a prefix length of 0-" + max);
      }
    }
    return new Range(network, bits);
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  /**
   * The client of a request that came from {@code peer}: the peer itself unless it is a trusted
   * proxy; else, walking {@code X-Forwarded-For} from the right, the first address that is not a
   * trusted proxy. An entry that is not an IP address stops the walk at the last address read (the
   * nearest hop that reported it); a port, or IPv6 brackets, around an entry are tolerated. The
   * returned address has port 0 when it came from the header.
   */
  public InetSocketAddress clientOf(InetSocketAddress peer, HttpHeaders headers) {
    if (ranges.isEmpty() || peer == null || !trusts(normalized(peer.getAddress().getAddress()))) {
      return peer;
    }
    List<String> hops = new ArrayList<>();
    for (String value : headers.getAll(X_FORWARDED_FOR)) {
      for (String hop : value.split(",")) {
        hops.add(hop.strip());
      }
    }
    InetSocketAddress client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      byte[] address = literal(hops.get(i));
      if (address == null) {
        break;
      }
      try {
        client = new InetSocketAddress(InetAddress.getByAddress(address), 0);
      } catch (UnknownHostException e) {
        break;
      }
      if (!trusts(address)) {
        break;
      }
    }
    return client;
  }

  private boolean trusts(byte[] address) {
    for (Range range : ranges) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** The bytes of an address literal, allowing {@code a.b.c.d:port} and {@code [v6]:port}. */
  private static byte[] literal(String hop) {
    String text = hop;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      text = close < 0 ? "" : text.substring(1, close);
    } else if (text.indexOf(':') == text.lastIndexOf(':') && text.indexOf(':') > 0) {
      // One colon: IPv4 with a port (an IPv6 literal has at least two).
      text = text.substring(0, text.indexOf(':'));
    }
    return normalized(NetUtil.createByteArrayFromIpAddressString(text));
  }

  /**
   * An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) as its IPv4 address, as Java sees peers.
   */
  private static byte[] normalized(byte[] address) {
    if (address == null || address.length != 16) {
      return address;
    }
    for (int i = 0; i < 10; i++) {
      if (address[i] != 0) {
        return address;
      }
    }
    if (address[10] != (byte) 0xFF || address[11] != (byte) 0xFF) {
      return address;
    }
    return new byte[] {address[12], address[13], address[14], address[15]};
  }
}
