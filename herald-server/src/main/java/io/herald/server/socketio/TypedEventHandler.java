package io.herald.server.socketio;

/**
 * An event whose first argument is bound to a Java type (see {@link Socket#on(String, Class,
 * TypedEventHandler)}). Called on the socket's virtual thread, like {@link EventHandler}.
 *
 * @param <T> the type the first argument is bound to
 */
@FunctionalInterface
public interface TypedEventHandler<T> {
  /**
   * @param value the first argument bound to the type ({@code null} when the event had none, or
   *     JSON null)
   */
  void onEvent(T value, Ack ack) throws Exception;
}
