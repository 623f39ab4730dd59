package io.herald.server.internal.limits;

import java.net.InetAddress;

/**
 * One admitted connection's place in the {@link ConnectionLimits}: taken at admission, released
 * exactly once when the connection (a WebSocket, an SSE stream, a long poll, an Engine.IO session)
 * ends or is refused after all. Thread-safe; release may come from any thread.
 */
public final class ConnectionLease {
  private final ConnectionLimits limits;
  private final InetAddress address;
  private String user;
  private boolean released;

  ConnectionLease(ConnectionLimits limits, InetAddress address) {
    this.limits = limits;
    this.address = address;
  }

  /**
   * Counts the connection against its authenticated user ({@code null}: anonymous, not counted).
   *
   * @throws LimitExceeded when the user already holds the most connections allowed; the lease is
   *     then still held and must be released
   */
  public synchronized void bindUser(String userId) {
    if (userId == null || released || user != null) {
      return;
    }
    if (!limits.addUser(userId)) {
      throw limits.userRefusal();
    }
    user = userId;
  }

  /** Gives the place back; later calls do nothing. */
  public void release() {
    String owner;
    synchronized (this) {
      if (released) {
        return;
      }
      released = true;
      owner = user;
    }
    limits.release(address, owner);
  }
}
