package io.herald.core.spi;

import io.herald.protocol.ClientInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** Presence of this node's connections, in memory. Stages complete before methods return. */
public final class InMemoryPresence implements PresenceStore {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final ConcurrentHashMap<String, Map<String, ClientInfo>> channels =
      new ConcurrentHashMap<>();

  @Override
  public CompletionStage<Void> join(String channel, ClientInfo client) {
    channels.compute(
        channel,
        (name, members) -> {
          Map<String, ClientInfo> next = members == null ? new LinkedHashMap<>() : members;
          next.put(client.client(), client);
          return next;
        });
    return DONE;
  }

  @Override
  public CompletionStage<Void> leave(String channel, String clientId) {
    channels.computeIfPresent(
        channel,
        (name, members) -> {
          members.remove(clientId);
          return members.isEmpty() ? null : members;
        });
    return DONE;
  }

  @Override
  public CompletionStage<List<ClientInfo>> get(String channel) {
    AtomicReference<List<ClientInfo>> result = new AtomicReference<>(List.of());
    // compute() runs under the map's bin lock, so the copy never races a join or leave.
    channels.computeIfPresent(
        channel,
        (name, members) -> {
          result.set(List.copyOf(members.values()));
          return members;
        });
    return CompletableFuture.completedFuture(result.get());
  }

  /** Number of channels with at least one member; for tests. */
  public int channelCount() {
    return channels.size();
  }

  @Override
  public void close() {
    channels.clear();
  }
}
