package io.herald.server.internal.transport;

/**
 * Something written to during a lane drain that sends what it holds once the drain is done (a
 * socket's queued frames, a long-polling session's queued packets). Called on the lane's loop.
 */
public interface Flushable {
  void flushNow();
}
