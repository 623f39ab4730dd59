package io.herald.server.internal.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.protocol.ErrorCode;
import io.herald.server.LimitOptions;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bookkeeping of {@link ConnectionLimits}, on a clock the test moves. */
class ConnectionLimitsTest {
  private static final long SECOND = 1_000_000_000L;
  private long now = 1_000 * SECOND;

  private ConnectionLimits limits(LimitOptions options) {
    return new ConnectionLimits(options, () -> now, Runnable::run);
  }

  private static InetAddress address(int last) throws Exception {
    return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
  }

  @Test
  void theHandshakeRateRefillsOverTime() throws Exception {
    ConnectionLimits limits = limits(LimitOptions.DEFAULTS.withHandshakeRate(2, 3));
    for (int i = 0; i < 3; i++) {
      limits.acquire(address(1)).release();
    }
    assertThatThrownBy(() -> limits.acquire(address(1)))
        .isInstanceOfSatisfying(
            LimitExceeded.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
              assertThat(e.retryAfterSeconds()).isEqualTo(1);
            });
    // Another address has a bucket of its own.
    limits.acquire(address(2)).release();
    now += SECOND / 2;
    limits.acquire(address(1)).release();
    assertThatThrownBy(() -> limits.acquire(address(1))).isInstanceOf(LimitExceeded.class);
  }

  @Test
  void aLeaseIsReleasedOnceHoweverOftenItIsReleased() throws Exception {
    ConnectionLimits limits = limits(LimitOptions.DEFAULTS.withConnectionCaps(1, 1, 0));
    ConnectionLease lease = limits.acquire(address(1));
    lease.bindUser("alice");
    assertThatThrownBy(() -> limits.acquire(address(1)))
        .isInstanceOfSatisfying(
            LimitExceeded.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_CONNECTIONS));
    ConnectionLease other = limits.acquire(address(2));
    assertThatThrownBy(() -> other.bindUser("alice"))
        .isInstanceOfSatisfying(
            LimitExceeded.class, e -> assertThat(e.limit()).isEqualTo("connections_per_user"));
    other.release();
    lease.release();
    lease.release();
    assertThat(limits.admitted()).isZero();
    ConnectionLease again = limits.acquire(address(1));
    again.bindUser("alice");
    assertThat(limits.admitted()).isEqualTo(1);
    again.release();
  }

  @Test
  void anIpv6NetworkOf64CountsAsOneAddress() throws Exception {
    ConnectionLimits limits = limits(LimitOptions.DEFAULTS.withConnectionCaps(2, 0, 0));
    ConnectionLease first = limits.acquire(InetAddress.getByName("2001:db8:1:2::1"));
    ConnectionLease second = limits.acquire(InetAddress.getByName("2001:db8:1:2:ffff::9"));
    assertThatThrownBy(() -> limits.acquire(InetAddress.getByName("2001:db8:1:2:abcd::1")))
        .isInstanceOfSatisfying(
            LimitExceeded.class, e -> assertThat(e.limit()).isEqualTo("connections_per_ip"));
    // The next /64 is another address.
    limits.acquire(InetAddress.getByName("2001:db8:1:3::1")).release();
    first.release();
    // The place given back is the network's, whichever of its addresses comes next.
    limits.acquire(InetAddress.getByName("2001:db8:1:2::7")).release();
    second.release();
    assertThat(ConnectionLimits.limitedAs(InetAddress.getByName("2001:db8:1:2:abcd::1")))
        .isEqualTo(InetAddress.getByName("2001:db8:1:2::"));
    assertThat(ConnectionLimits.limitedAs(address(9))).isEqualTo(address(9));
  }

  @Test
  void theGlobalCapAsksToRetryLater() throws Exception {
    ConnectionLimits limits =
        limits(LimitOptions.DEFAULTS.withoutRateLimits().withConnectionCaps(0, 0, 2));
    ConnectionLease first = limits.acquire(address(1));
    ConnectionLease second = limits.acquire(address(2));
    assertThatThrownBy(() -> limits.acquire(address(3)))
        .isInstanceOfSatisfying(
            LimitExceeded.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.SERVER_BUSY);
              assertThat(e.retryAfterSeconds()).isBetween(5L, 15L);
            });
    first.release();
    second.release();
    assertThat(limits.admitted()).isZero();
  }

  @Test
  void idleAddressesAreForgotten() throws Exception {
    ConnectionLimits limits = limits(LimitOptions.DEFAULTS.withHandshakeRate(10, 10));
    List<ConnectionLease> open = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      ConnectionLease lease = limits.acquire(address(i));
      if (i <= 3) {
        open.add(lease);
      } else {
        lease.release();
      }
    }
    assertThat(limits.trackedAddresses()).isEqualTo(100);
    // After the sweep interval every bucket is full again; only addresses with open
    // connections stay.
    now += 11 * SECOND;
    limits.acquire(address(1)).release();
    assertThat(limits.trackedAddresses()).isEqualTo(3);
    open.forEach(ConnectionLease::release);
  }

  @Test
  void withoutRateLimitsNoAddressIsTracked() throws Exception {
    ConnectionLimits limits = limits(LimitOptions.DEFAULTS.withoutRateLimits());
    for (int i = 0; i < 2_000; i++) {
      limits.acquire(address(1));
    }
    assertThat(limits.trackedAddresses()).isZero();
    assertThat(limits.admitted()).isEqualTo(2_000);
    assertThat(limits.messageLimiter()).isNull();
  }

  @Test
  void messagesOverTheRateAreDroppedThenTheConnectionIsClosed() {
    MessageLimiter messages = new MessageLimiter(10, 5, 3, now);
    for (int i = 0; i < 5; i++) {
      assertThat(messages.check(now)).isEqualTo(MessageLimiter.Verdict.ACCEPT);
    }
    assertThat(messages.check(now)).isEqualTo(MessageLimiter.Verdict.DROP);
    assertThat(messages.check(now)).isEqualTo(MessageLimiter.Verdict.DROP);
    now += SECOND / 10;
    assertThat(messages.check(now)).isEqualTo(MessageLimiter.Verdict.ACCEPT);
    assertThat(messages.check(now)).isEqualTo(MessageLimiter.Verdict.CLOSE);
  }

  @Test
  void dropsAreCountedPerTenSecondWindow() {
    MessageLimiter messages = new MessageLimiter(1, 1, 3, now);
    assertThat(messages.check(now)).isEqualTo(MessageLimiter.Verdict.ACCEPT);
    assertThat(messages.check(now)).isEqualTo(MessageLimiter.Verdict.DROP);
    assertThat(messages.check(now)).isEqualTo(MessageLimiter.Verdict.DROP);
    now += 11 * SECOND;
    assertThat(messages.check(now)).isEqualTo(MessageLimiter.Verdict.ACCEPT);
    assertThat(messages.check(now)).isEqualTo(MessageLimiter.Verdict.DROP);
    assertThat(messages.check(now)).isEqualTo(MessageLimiter.Verdict.DROP);
  }
}
