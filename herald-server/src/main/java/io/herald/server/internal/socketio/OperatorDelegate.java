package io.herald.server.internal.socketio;

import io.herald.server.socketio.Arguments;
import io.herald.server.socketio.BroadcastOperator;
import io.herald.server.socketio.RemoteSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A {@link BroadcastOperator} that hands every call to a fresh operator over all its sockets: what
 * namespaces and the server are, besides their own methods.
 */
abstract class OperatorDelegate implements BroadcastOperator {
  /** A new operator selecting every socket. */
  abstract Broadcast broadcast();

  @Override
  public BroadcastOperator to(String... rooms) {
    return broadcast().to(rooms);
  }

  @Override
  public BroadcastOperator in(String... rooms) {
    return broadcast().in(rooms);
  }

  @Override
  public BroadcastOperator except(String... rooms) {
    return broadcast().except(rooms);
  }

  @Override
  public BroadcastOperator volatile_() {
    return broadcast().volatile_();
  }

  @Override
  public BroadcastOperator compress(boolean compress) {
    return broadcast().compress(compress);
  }

  @Override
  public BroadcastOperator timeout(Duration timeout) {
    return broadcast().timeout(timeout);
  }

  @Override
  public BroadcastOperator local() {
    return broadcast().local();
  }

  @Override
  public void emit(String event, Object... args) {
    broadcast().emit(event, args);
  }

  @Override
  public CompletionStage<List<Arguments>> emitWithAck(String event, Object... args) {
    return broadcast().emitWithAck(event, args);
  }

  @Override
  public CompletionStage<List<RemoteSocket>> fetchSockets() {
    return broadcast().fetchSockets();
  }

  @Override
  public void socketsJoin(String... rooms) {
    broadcast().socketsJoin(rooms);
  }

  @Override
  public void socketsLeave(String... rooms) {
    broadcast().socketsLeave(rooms);
  }

  @Override
  public void disconnectSockets(boolean close) {
    broadcast().disconnectSockets(close);
  }
}
