package io.herald.server.socketio;

import java.time.Duration;

/**
 * Socket.IO v5 settings. Defaults are the Node server's (socket.io 4.8).
 *
 * @param path where Engine.IO is served (default {@code /socket.io/})
 * @param engine the Engine.IO layer's settings
 * @param connectTimeout how long a new connection may take to join a namespace before it is closed
 *     (default 45 s)
 * @param serveClient whether the official browser client is served at {@code <path>socket.io.js}
 *     and {@code socket.io.min.js} (default true)
 * @param recovery connection state recovery (default off)
 * @param maxAttachments most binary attachments in one packet (default 10)
 */
public record SocketIoOptions(
    String path,
    EngineIoOptions engine,
    Duration connectTimeout,
    boolean serveClient,
    RecoveryOptions recovery,
    int maxAttachments) {
  public static final SocketIoOptions DEFAULTS =
      new SocketIoOptions(
          "/socket.io/",
          EngineIoOptions.DEFAULTS,
          Duration.ofSeconds(45),
          true,
          RecoveryOptions.DISABLED,
          10);

  public SocketIoOptions {
    if (!path.startsWith("/") || !path.endsWith("/")) {
      throw new IllegalArgumentException("the path starts and ends with '/', e.g. /socket.io/");
    }
    if (maxAttachments < 0) {
      throw new IllegalArgumentException("maxAttachments must be >= 0");
    }
  }

  public SocketIoOptions withPath(String value) {
    return new SocketIoOptions(
        value, engine, connectTimeout, serveClient, recovery, maxAttachments);
  }

  public SocketIoOptions withEngine(EngineIoOptions value) {
    return new SocketIoOptions(path, value, connectTimeout, serveClient, recovery, maxAttachments);
  }

  public SocketIoOptions withConnectTimeout(Duration value) {
    return new SocketIoOptions(path, engine, value, serveClient, recovery, maxAttachments);
  }

  public SocketIoOptions withRecovery(RecoveryOptions value) {
    return new SocketIoOptions(path, engine, connectTimeout, serveClient, value, maxAttachments);
  }

  public SocketIoOptions withServeClient(boolean value) {
    return new SocketIoOptions(path, engine, connectTimeout, value, recovery, maxAttachments);
  }
}
