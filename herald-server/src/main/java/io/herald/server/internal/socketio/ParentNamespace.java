package io.herald.server.internal.socketio;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Dynamic namespaces (Node's parent namespace): a child is created the first time a client connects
 * to a name the predicate accepts, and runs the parent's middlewares and connection handlers after
 * its own; a broadcast on the parent reaches every child. Thread-safe.
 */
final class ParentNamespace extends NamespaceBase {
  private final SocketIoRuntime runtime;
  private final Predicate<String> names;
  private final List<ServerNamespace> children = new CopyOnWriteArrayList<>();

  ParentNamespace(SocketIoRuntime runtime, String name, Predicate<String> names) {
    super(name);
    this.runtime = runtime;
    this.names = names;
  }

  /** Whether a client may create namespace {@code name} here; on an event loop. */
  boolean accepts(String name) {
    return names.test(name);
  }

  void adopt(ServerNamespace child) {
    children.add(child);
  }

  Collection<ServerNamespace> children() {
    return children;
  }

  @Override
  Broadcast broadcast() {
    return new Broadcast(runtime, () -> children);
  }
}
