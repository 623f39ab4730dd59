package io.herald.server.internal.socketio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions of disconnected sockets kept for connection state recovery, by private session id
 * ({@code pid}), each for the configured maximum disconnection duration. Expired sessions are swept
 * while sessions are saved. Thread-safe.
 */
final class RecoveryStore {
  /**
   * A disconnected socket's state.
   *
   * @param rooms its rooms (key {@code ""}: the namespace itself) with their channels
   * @param log what was written to it, to find where the client stopped receiving
   */
  record Saved(
      String socketId,
      String namespace,
      Map<String, String> rooms,
      Map<String, Object> data,
      SendLog log,
      long disconnectedAt) {}

  private final ConcurrentHashMap<String, Saved> sessions = new ConcurrentHashMap<>();
  private final long maxAgeMillis;
  private volatile long lastSweep;

  RecoveryStore(long maxAgeMillis) {
    this.maxAgeMillis = maxAgeMillis;
  }

  void save(String pid, Saved saved) {
    long now = saved.disconnectedAt();
    if (now - lastSweep > Math.min(maxAgeMillis, 60_000)) {
      lastSweep = now;
      sessions.values().removeIf(old -> now - old.disconnectedAt() > maxAgeMillis);
    }
    sessions.put(pid, saved);
  }

  /** The unexpired session of {@code pid}, or {@code null}. */
  Saved get(String pid, long now) {
    Saved saved = sessions.get(pid);
    if (saved != null && now - saved.disconnectedAt() > maxAgeMillis) {
      sessions.remove(pid, saved);
      return null;
    }
    return saved;
  }

  /** Claims a session for one reconnection; false when another one claimed it first. */
  boolean claim(String pid, Saved saved) {
    return sessions.remove(pid, saved);
  }
}
