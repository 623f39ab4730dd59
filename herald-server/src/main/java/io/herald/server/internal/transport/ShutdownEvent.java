package io.herald.server.internal.transport;

/**
 * Fired through every connection's pipeline when the server stops: WebSocket sessions close with
 * 1001, SSE streams end, waiting polls are answered, idle HTTP connections close.
 */
public final class ShutdownEvent {
  public static final ShutdownEvent INSTANCE = new ShutdownEvent();

  private ShutdownEvent() {}
}
