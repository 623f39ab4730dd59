package io.herald.server.internal.limits;

import io.herald.protocol.ErrorCode;
import io.herald.server.LimitOptions;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Who may open a connection: the handshake rate and the open connections of each IP address, the
 * open connections of each user, and of the whole server. Every admitted connection holds a {@link
 * ConnectionLease} until it ends.
 *
 * <p>Thread-safe: called from every event loop. Each address's state is changed only inside {@link
 * ConcurrentHashMap#compute}, so it needs no lock of its own. Memory stays bounded: an address with
 * no open connection and a full bucket is forgotten by a sweep at most every ten seconds
 * (forgetting it changes nothing), and a user's count is removed when it reaches zero.
 */
public final class ConnectionLimits {
  private static final long SWEEP_INTERVAL_NANOS = 10_000_000_000L;
  private static final int BUSY_RETRY_MIN_SECONDS = 5;
  private static final int BUSY_RETRY_SPREAD_SECONDS = 10;

  /** One address's state; touched only inside the map's compute functions. */
  private static final class Address {
    final TokenBucket bucket;
    int open;

    Address(TokenBucket bucket) {
      this.bucket = bucket;
    }
  }

  private final LimitOptions options;
  private final LongSupplier clock;
  private final Executor sweeper;
  private final ConcurrentHashMap<InetAddress, Address> addresses = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Integer> users = new ConcurrentHashMap<>();
  private final AtomicInteger admitted = new AtomicInteger();
  private final AtomicLong nextSweep;

  /**
   * @param sweeper runs the periodic walk that forgets idle addresses, off the event loops (the map
   *     may be large under a spread-out attack)
   */
  public ConnectionLimits(LimitOptions options, Executor sweeper) {
    this(options, System::nanoTime, sweeper);
  }

  /**
   * @param clock nanoseconds as {@link System#nanoTime()} counts them
   */
  ConnectionLimits(LimitOptions options, LongSupplier clock, Executor sweeper) {
    this.options = options;
    this.clock = clock;
    this.sweeper = sweeper;
    this.nextSweep = new AtomicLong(clock.getAsLong() + SWEEP_INTERVAL_NANOS);
  }

  /**
   * Admits a new connection from {@code peer} ({@code null} when it has none, e.g. a local
   * channel): takes a handshake token, then counts the connection against its address (for IPv6,
   * its /64; see {@link #limitedAs}) and the server. Any thread.
   *
   * @throws LimitExceeded when the address is over its handshake rate or connection cap, or the
   *     server is full
   */
  public ConnectionLease acquire(InetAddress peer) {
    long now = clock.getAsLong();
    sweepIfDue(now);
    boolean tracked = peer != null && tracksAddresses();
    InetAddress address = tracked ? limitedAs(peer) : null;
    if (tracked) {
      LimitExceeded[] refusal = new LimitExceeded[1];
      addresses.compute(
          address,
          (key, state) -> {
            Address entry = state != null ? state : new Address(newBucket(now));
            refusal[0] = admitAddress(entry, now);
            if (refusal[0] == null) {
              entry.open++;
            }
            return entry;
          });
      if (refusal[0] != null) {
        throw refusal[0];
      }
    }
    int total = admitted.incrementAndGet();
    if (options.maxConnections() > 0 && total > options.maxConnections()) {
      admitted.decrementAndGet();
      if (tracked) {
        releaseAddress(address);
      }
      long retry =
          BUSY_RETRY_MIN_SECONDS + ThreadLocalRandom.current().nextInt(BUSY_RETRY_SPREAD_SECONDS);
      throw new LimitExceeded(
          ErrorCode.SERVER_BUSY,
          "max_connections",
          "the server is at its connection limit; retry later",
          retry);
    }
    return new ConnectionLease(this, tracked ? address : null);
  }

  /**
   * The address whose limits a peer counts against: an IPv4 address itself, an IPv6 address its /64
   * network. One IPv6 subscriber usually holds a whole /64, so counting each address alone would
   * let one client step around the per-address limits.
   */
  static InetAddress limitedAs(InetAddress peer) {
    if (!(peer instanceof Inet6Address)) {
      return peer;
    }
    byte[] bytes = peer.getAddress();
    Arrays.fill(bytes, 8, 16, (byte) 0);
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("16 bytes are an IPv6 address", e);
    }
  }

  /** A new connection's inbound message limiter, or {@code null} when the message rate is off. */
  public MessageLimiter messageLimiter() {
    if (options.messageRate() == 0) {
      return null;
    }
    return new MessageLimiter(
        options.messageRate(),
        options.messageBurst(),
        options.maxDroppedMessages(),
        clock.getAsLong());
  }

  /** Connections admitted and not yet ended (the {@code herald.connections.admitted} gauge). */
  public int admitted() {
    return admitted.get();
  }

  /** Addresses currently remembered (for tests of the memory bound). */
  int trackedAddresses() {
    return addresses.size();
  }

  private boolean tracksAddresses() {
    return options.handshakeRate() > 0 || options.maxConnectionsPerIp() > 0;
  }

  private TokenBucket newBucket(long now) {
    return options.handshakeRate() > 0
        ? new TokenBucket(options.handshakeRate(), options.handshakeBurst(), now)
        : null;
  }

  private LimitExceeded admitAddress(Address entry, long now) {
    if (entry.bucket != null && !entry.bucket.take(now)) {
      return new LimitExceeded(
          ErrorCode.RATE_LIMITED,
          "handshake_rate",
          "too many new connections from this address; retry later",
          entry.bucket.secondsToNextToken(now));
    }
    int cap = options.maxConnectionsPerIp();
    if (cap > 0 && entry.open >= cap) {
      return new LimitExceeded(
          ErrorCode.TOO_MANY_CONNECTIONS,
          "connections_per_ip",
          "this address already holds " + cap + " connections",
          0);
    }
    return null;
  }

  /** Counts the lease's connection against {@code user}; false when the user is at the cap. */
  boolean addUser(String user) {
    int cap = options.maxConnectionsPerUser();
    if (cap == 0) {
      return true;
    }
    boolean[] added = new boolean[1];
    users.compute(
        user,
        (key, count) -> {
          int current = count == null ? 0 : count;
          if (current >= cap) {
            return count;
          }
          added[0] = true;
          return current + 1;
        });
    return added[0];
  }

  /** The connection of a lease ended. */
  void release(InetAddress address, String user) {
    admitted.decrementAndGet();
    if (address != null) {
      releaseAddress(address);
    }
    if (user != null && options.maxConnectionsPerUser() > 0) {
      users.computeIfPresent(user, (key, count) -> count <= 1 ? null : count - 1);
    }
  }

  private void releaseAddress(InetAddress address) {
    addresses.computeIfPresent(
        address,
        (key, entry) -> {
          entry.open--;
          return entry;
        });
  }

  private void sweepIfDue(long now) {
    long due = nextSweep.get();
    if (now - due < 0 || !nextSweep.compareAndSet(due, now + SWEEP_INTERVAL_NANOS)) {
      return;
    }
    try {
      sweeper.execute(() -> sweep(now));
    } catch (RejectedExecutionException stopping) {
      // The server is stopping; nothing needs forgetting any more.
    }
  }

  /** Forgets the addresses with no connection and a full bucket. On the sweeper. */
  private void sweep(long now) {
    for (InetAddress address : addresses.keySet()) {
      addresses.computeIfPresent(
          address,
          (key, entry) ->
              entry.open == 0 && (entry.bucket == null || entry.bucket.isFull(now)) ? null : entry);
    }
  }

  /** The per-user cap's refusal. */
  LimitExceeded userRefusal() {
    return new LimitExceeded(
        ErrorCode.TOO_MANY_CONNECTIONS,
        "connections_per_user",
        "this user already holds " + options.maxConnectionsPerUser() + " connections",
        0);
  }
}
