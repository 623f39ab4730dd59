package io.herald.server.internal.engineio;

import io.herald.server.internal.HeraldMetrics;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open Engine.IO sessions of one endpoint, by session id, counted in {@code
 * herald.connections{transport=engine_io}}. Thread-safe.
 */
final class EngineSessions {
  private final ConcurrentHashMap<String, EngineSession> sessions = new ConcurrentHashMap<>();
  private final HeraldMetrics metrics;

  EngineSessions(HeraldMetrics metrics) {
    this.metrics = metrics;
  }

  void add(EngineSession session) {
    sessions.put(session.sid(), session);
    metrics.opened(HeraldMetrics.Transport.ENGINE_IO);
  }

  EngineSession get(String sid) {
    return sessions.get(sid);
  }

  void remove(String sid, EngineSession session) {
    if (sessions.remove(sid, session)) {
      metrics.closed(HeraldMetrics.Transport.ENGINE_IO);
    }
  }
}
