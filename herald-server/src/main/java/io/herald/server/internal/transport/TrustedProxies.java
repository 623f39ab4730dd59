package io.herald.server.internal.transport;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.AsciiString;
import io.netty.util.NetUtil;
import java.net.Inet4Address;
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
 * trusted proxy is the client. The ranges are Netty's {@link IpSubnetFilterRule}s; nothing here
 * resolves a host name.
 *
 * <p>Immutable; any thread.
 */
public final class TrustedProxies {
  private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");

  /** Trusts no one: the client address is always the TCP peer. */
  public static final TrustedProxies NONE = new TrustedProxies(List.of());

  private final List<IpSubnetFilterRule> ranges;

  private TrustedProxies(List<IpSubnetFilterRule> ranges) {
    this.ranges = ranges;
  }

  /**
   * Parses addresses and CIDR ranges, e.g. {@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code fd00::/8}.
   *
   * @throws IllegalArgumentException naming (by its index, not its text) the first entry that is
   *     neither
   */
  public static TrustedProxies of(List<String> entries) {
    List<IpSubnetFilterRule> ranges = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      ranges.add(range(entries.get(i), "server.trustedProxies[" + i + "]"));
    }
    return ranges.isEmpty() ? NONE : new TrustedProxies(List.copyOf(ranges));
  }

  private static IpSubnetFilterRule range(String entry, String name) {
    String text = entry == null ? "" : entry.strip();
    int slash = text.indexOf('/');
    InetAddress network = literal(slash < 0 ? text : text.substring(0, slash));
    if (network == null) {
      throw new IllegalArgumentException(
          name + " is not an IP address or CIDR range (e.g. 10.0.0.0/8, 127.0.0.1, fd00::/8)");
    }
    int max = network instanceof Inet4Address ? 32 : 128;
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
    return new IpSubnetFilterRule(network, bits, IpFilterRuleType.ACCEPT);
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
    if (ranges.isEmpty() || peer == null || !trusts(peer)) {
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
      InetAddress address = hopAddress(hops.get(i));
      if (address == null) {
        break;
      }
      client = new InetSocketAddress(address, 0);
      if (!trusts(client)) {
        break;
      }
    }
    return client;
  }

  private boolean trusts(InetSocketAddress address) {
    for (IpSubnetFilterRule range : ranges) {
      if (range.matches(address)) {
        return true;
      }
    }
    return false;
  }

  /** The address of a hop, allowing {@code a.b.c.d:port} and {@code [v6]:port}. */
  private static InetAddress hopAddress(String hop) {
    String text = hop;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      text = close < 0 ? "" : text.substring(1, close);
    } else if (text.indexOf(':') == text.lastIndexOf(':') && text.indexOf(':') > 0) {
      // One colon: IPv4 with a port (an IPv6 literal has at least two).
      text = text.substring(0, text.indexOf(':'));
    }
    return literal(text);
  }

  /**
   * An IP address literal without any lookup, or {@code null}. An IPv4-mapped IPv6 address ({@code
   * ::ffff:a.b.c.d}) comes back as its IPv4 address, as Java reports such peers.
   */
  private static InetAddress literal(String text) {
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text);
    if (bytes == null) {
      return null;
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
