package io.herald.server.internal.socketio;

import io.herald.server.socketio.RemoteSocket;
import io.herald.server.socketio.SocketIoHandshake;
import java.util.Map;
import java.util.Set;

/**
 * A socket as {@code fetchSockets()} found it: its rooms and data copied at that moment, its
 * actions passed on to the live socket. Immutable; thread-safe.
 */
final class SocketSnapshot implements RemoteSocket {
  private final LocalSocket socket;
  private final Set<String> rooms;
  private final Map<String, Object> data;

  SocketSnapshot(LocalSocket socket) {
    this.socket = socket;
    this.rooms = socket.rooms();
    this.data = Map.copyOf(socket.data());
  }

  @Override
  public String id() {
    return socket.id();
  }

  @Override
  public SocketIoHandshake handshake() {
    return socket.handshake();
  }

  @Override
  public Set<String> rooms() {
    return rooms;
  }

  @Override
  public Map<String, Object> data() {
    return data;
  }

  @Override
  public void emit(String event, Object... args) {
    socket.emit(event, args);
  }

  @Override
  public void join(String... names) {
    socket.join(names);
  }

  @Override
  public void leave(String room) {
    socket.leave(room);
  }

  @Override
  public void disconnect(boolean close) {
    socket.disconnect(close);
  }

  @Override
  public String toString() {
    return "RemoteSocket[" + socket.namespace() + " " + socket.id() + "]";
  }
}
