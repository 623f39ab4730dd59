package io.herald.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
  private static final TrustedProxies PROXIES =
      TrustedProxies.of(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8"));

  private static InetSocketAddress peer(String address) {
    return new InetSocketAddress(address, 41234);
  }

  private static String clientOf(String peer, String... forwardedFor) {
    HttpHeaders headers = new DefaultHttpHeaders();
    for (String value : forwardedFor) {
      headers.add("X-Forwarded-For", value);
    }
    return PROXIES.clientOf(peer(peer), headers).getAddress().getHostAddress();
  }

  @Test
  void anUntrustedPeerIsTheClientWhateverItSays() {
    assertThat(clientOf("203.0.113.9", "198.51.100.1")).isEqualTo("203.0.113.9");
    assertThat(TrustedProxies.NONE.clientOf(peer("10.1.2.3"), new DefaultHttpHeaders()).getPort())
        .isEqualTo(41234);
  }

  @Test
  void theRightmostUntrustedHopIsTheClient() {
    assertThat(clientOf("10.1.2.3", "198.51.100.1")).isEqualTo("198.51.100.1");
    // Through two trusted proxies; what the client wrote itself on the left is not believed.
    assertThat(clientOf("10.1.2.3", "6.6.6.6, 198.51.100.1, 192.168.1.7"))
        .isEqualTo("198.51.100.1");
    // Several header lines read as one list, in order.
    assertThat(clientOf("10.1.2.3", "6.6.6.6", "198.51.100.1", "10.9.9.9"))
        .isEqualTo("198.51.100.1");
  }

  @Test
  void portsBracketsAndIpv6AreRead() {
    assertThat(clientOf("10.1.2.3", "198.51.100.1:5555")).isEqualTo("198.51.100.1");
    assertThat(clientOf("10.1.2.3", "[2001:db8::1]:443")).isEqualTo("2001:db8:0:0:0:0:0:1");
    assertThat(clientOf("fd12::1", "2001:db8::2")).isEqualTo("2001:db8:0:0:0:0:0:2");
    assertThat(clientOf("10.1.2.3", "198.51.100.1, ::ffff:10.2.3.4")).isEqualTo("198.51.100.1");
  }

  @Test
  void garbageStopsTheWalkAtTheLastHopRead() {
    // No header, or nothing readable: the proxy itself is all that is known.
    assertThat(clientOf("10.1.2.3")).isEqualTo("10.1.2.3");
    assertThat(clientOf("10.1.2.3", "unknown")).isEqualTo("10.1.2.3");
    assertThat(clientOf("10.1.2.3", "198.51.100.1, not-an-ip, 10.5.5.5")).isEqualTo("10.5.5.5");
    // A host name is never looked up.
    assertThat(clientOf("10.1.2.3", "localhost")).isEqualTo("10.1.2.3");
    // Every hop trusted: the leftmost is the client.
    assertThat(clientOf("10.1.2.3", "10.7.7.7, 10.8.8.8")).isEqualTo("10.7.7.7");
  }

  @Test
  void aHeaderFromTheClientGetsPortZero() {
    HttpHeaders headers = new DefaultHttpHeaders().add("X-Forwarded-For", "198.51.100.1");
    assertThat(PROXIES.clientOf(peer("10.1.2.3"), headers).getPort()).isZero();
  }

  @Test
  void badEntriesAreRefusedByIndexWithoutTheirText() {
    assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/8", "proxy.internal")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("server.trustedProxies[1] is not an IP address or CIDR range")
        .hasMessageNotContaining("proxy.internal");
    assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33")))
        .hasMessage("server.trustedProxies[0] needs a prefix length of 0-32");
    assertThatThrownBy(() -> TrustedProxies.of(List.of("fd00::/x")))
        .hasMessage("server.trustedProxies[0] needs a prefix length of 0-128");
  }

  @Test
  void prefixesThatAreNotWholeBytesMatchBitByBit() {
    TrustedProxies narrow = TrustedProxies.of(List.of("172.16.0.0/12"));
    HttpHeaders headers = new DefaultHttpHeaders().add("X-Forwarded-For", "198.51.100.1");
    assertThat(narrow.clientOf(peer("172.31.255.1"), headers).getAddress().getHostAddress())
        .isEqualTo("198.51.100.1");
    assertThat(narrow.clientOf(peer("172.32.0.1"), headers).getAddress().getHostAddress())
        .isEqualTo("172.32.0.1");
  }
}
