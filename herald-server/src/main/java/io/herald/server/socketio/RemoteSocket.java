package io.herald.server.socketio;

import java.util.Map;
import java.util.Set;

/** A socket found by {@link BroadcastOperator#fetchSockets()}: a snapshot plus a few actions. */
public interface RemoteSocket {
  String id();

  SocketIoHandshake handshake();

  /** The rooms it was in when fetched. */
  Set<String> rooms();

  /** Its {@code data} when fetched. */
  Map<String, Object> data();

  void emit(String event, Object... args);

  void join(String... rooms);

  void leave(String room);

  void disconnect(boolean close);
}
