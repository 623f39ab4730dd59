package io.herald.server.socketio;

import static io.herald.server.socketio.Await.await;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A raw Engine.IO endpoint that echoes every message back and records, per session id, what it
 * received (binary messages as {@code b}+base64) and why the session closed. For tests.
 */
final class EchoEndpoint {
  private final Map<String, List<String>> received = new ConcurrentHashMap<>();
  private final Map<String, String> closed = new ConcurrentHashMap<>();

  EngineIoEndpoint build(EngineIoOptions options) {
    return EngineIoEndpoint.builder()
        .options(options)
        .onText(
            (connection, text) -> {
              connection.send(text);
              messages(connection.id()).add(text);
            })
        .onBinary(
            (connection, data) -> {
              connection.send(data);
              messages(connection.id()).add("b" + Base64.getEncoder().encodeToString(data));
            })
        .onClose((connection, reason) -> closed.put(connection.id(), reason))
        .build();
  }

  private List<String> messages(String sid) {
    return received.computeIfAbsent(sid, s -> new CopyOnWriteArrayList<>());
  }

  /** Waits until session {@code sid} received {@code count} messages (each echoed already). */
  List<String> awaitReceived(String sid, int count) {
    await().until(() -> messages(sid).size() >= count);
    return List.copyOf(messages(sid));
  }

  /** Why session {@code sid} closed, or {@code null} while it is open. */
  String closeReason(String sid) {
    return closed.get(sid);
  }

  /** Waits until session {@code sid} closed and returns the reason. */
  String awaitClosed(String sid) {
    await().until(() -> closed.containsKey(sid));
    return closed.get(sid);
  }
}
