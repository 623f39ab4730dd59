package io.herald.server.socketio;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Refuses a connection from a {@link Middleware}: the client gets a CONNECT_ERROR packet with
 * {@code {"message": message, "data": data}} (its {@code connect_error} event).
 */
public final class SocketIoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient JsonNode data;

  public SocketIoException(String message) {
    this(message, null);
  }

  /**
   * @param data any value Jackson can write, or {@code null}
   */
  public SocketIoException(String message, Object data) {
    super(message, null, false, false);
    this.data = data == null ? null : Arguments.toJson(data);
  }

  /** The {@code data} sent with the error, or {@code null}. */
  public JsonNode data() {
    return data == null ? null : data.deepCopy();
  }
}
