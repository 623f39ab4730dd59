package io.herald.server.socketio;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** Sends one event to one socket, optionally waiting for its acknowledgement. */
public interface Emitter {
  /** Sends an event (arguments as in {@link Arguments#from}); from any thread. */
  void emit(String event, Object... args);

  /**
   * Sends an event and completes with the client's acknowledgement; fails with {@link
   * java.util.concurrent.TimeoutException} after the {@link #timeout} if one was set.
   */
  CompletionStage<Arguments> emitWithAck(String event, Object... args);

  /** An emitter whose acknowledgements time out after {@code timeout}. */
  Emitter timeout(Duration timeout);

  /** An emitter whose events are dropped when the connection cannot take them at once. */
  Emitter volatile_();

  /**
   * An emitter whose events are compressed (when the connection negotiated permessage-deflate and
   * they are above the threshold) or, with {@code false}, never compressed.
   */
  Emitter compress(boolean compress);
}
