package io.herald.server.socketio;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Selects sockets of a namespace and acts on them, like Node's broadcast operator. Immutable: every
 * selecting method returns a new operator. A Socket.IO room is a Herald channel, so an emit without
 * acknowledgement is a publish to the rooms' channels: it reaches Socket.IO sockets, {@code
 * /herald} subscribers, SSE streams and long polls alike, and is kept in the channel's history. All
 * methods may be called from any thread.
 */
public interface BroadcastOperator {
  /** Adds rooms: sockets in any of them are selected (none: every socket of the namespace). */
  BroadcastOperator to(String... rooms);

  /** Same as {@link #to}. */
  BroadcastOperator in(String... rooms);

  /** Leaves out sockets in any of these rooms. */
  BroadcastOperator except(String... rooms);

  /** The event may be dropped for sockets that are behind. */
  BroadcastOperator volatile_();

  /** Whether to compress the event when the connection negotiated compression (default true). */
  BroadcastOperator compress(boolean compress);

  /** Acknowledgements of {@link #emitWithAck} time out after this. */
  BroadcastOperator timeout(Duration timeout);

  /** Only sockets of this node (Herald runs one node until a cluster adapter is configured). */
  BroadcastOperator local();

  /** Sends an event to the selected sockets. */
  void emit(String event, Object... args);

  /**
   * Sends an event to the selected sockets of this node, each with its own acknowledgement id, and
   * completes with their answers; fails with {@link java.util.concurrent.TimeoutException} when a
   * {@link #timeout} is set and not every socket answered in time. Not kept in history.
   */
  CompletionStage<List<Arguments>> emitWithAck(String event, Object... args);

  /** The selected sockets. */
  CompletionStage<List<RemoteSocket>> fetchSockets();

  /** Makes the selected sockets join rooms. */
  void socketsJoin(String... rooms);

  /** Makes the selected sockets leave rooms. */
  void socketsLeave(String... rooms);

  /** Disconnects the selected sockets; {@code close} also closes their connection. */
  void disconnectSockets(boolean close);
}
