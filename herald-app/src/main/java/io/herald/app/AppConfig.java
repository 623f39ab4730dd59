package io.herald.app;

import io.herald.server.HeraldConfig;
import io.herald.server.socketio.SocketIoOptions;

/**
 * Everything the standalone server is configured with: the Herald settings and the Socket.IO ones
 * (the {@code socketio} section of the configuration file).
 */
record AppConfig(HeraldConfig herald, SocketIoOptions socketIo) {
  static final AppConfig DEFAULTS = new AppConfig(HeraldConfig.DEFAULTS, SocketIoOptions.DEFAULTS);

  AppConfig withHerald(HeraldConfig value) {
    return new AppConfig(value, socketIo);
  }
}
