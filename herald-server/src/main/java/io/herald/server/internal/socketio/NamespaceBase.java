package io.herald.server.internal.socketio;

import io.herald.server.socketio.ConnectionHandler;
import io.herald.server.socketio.Middleware;
import io.herald.server.socketio.Namespace;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/** What static and dynamic namespaces share: a name, middlewares and connection handlers. */
abstract class NamespaceBase extends OperatorDelegate implements Namespace {
  private final String name;
  private final List<Middleware> middlewares = new CopyOnWriteArrayList<>();
  private final List<ConnectionHandler> handlers = new CopyOnWriteArrayList<>();

  NamespaceBase(String name) {
    this.name = name;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Namespace use(Middleware middleware) {
    middlewares.add(Objects.requireNonNull(middleware));
    return this;
  }

  @Override
  public final Namespace onConnection(ConnectionHandler handler) {
    handlers.add(Objects.requireNonNull(handler));
    return this;
  }

  final List<Middleware> middlewares() {
    return middlewares;
  }

  final List<ConnectionHandler> handlers() {
    return handlers;
  }

  @Override
  public String toString() {
    return "Namespace[" + name + "]";
  }
}
