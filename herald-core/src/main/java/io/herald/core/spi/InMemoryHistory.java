package io.herald.core.spi;

import io.herald.core.Extras;
import io.herald.core.HistoryOptions;
import io.herald.core.HistoryRead;
import io.herald.core.Ids;
import io.herald.core.Message;
import io.herald.protocol.JsonData;
import io.herald.protocol.Offset;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * History held in this process's memory: per channel, the last {@link HistoryOptions#size()}
 * messages younger than {@link HistoryOptions#ttl()}. Everything is lost on restart, and every
 * channel then starts a new epoch. Stages complete before the methods return. A daemon thread
 * reclaims expired messages and forgotten channels.
 */
public final class InMemoryHistory implements HistoryStore {
  private final HistoryOptions options;
  private final InstantSource clock;
  private final ConcurrentHashMap<String, Log> logs = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sweeper;

  public InMemoryHistory(HistoryOptions options) {
    this(options, InstantSource.system());
  }

  /** With an explicit clock, for tests of expiry. */
  public InMemoryHistory(HistoryOptions options, InstantSource clock) {
    this.options = options;
    this.clock = clock;
    this.sweeper =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("herald-history-sweeper").factory());
    long period = Math.clamp(options.ttl().toMillis() / 4, 100, 30_000);
    sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletionStage<Message> append(
      String channel, String event, JsonData data, Extras extras, long time) {
    return CompletableFuture.completedFuture(
        withLog(
            channel,
            (log, now) -> {
              Message message =
                  new Message(channel, new Offset(log.epoch, ++log.top), event, data, time, extras);
              if (options.size() > 0) {
                log.messages.addLast(new Entry(message, now));
                while (log.messages.size() > options.size()) {
                  log.messages.removeFirst();
                }
              }
              return message;
            }));
  }

  @Override
  public CompletionStage<HistoryRead> readSince(String channel, Offset since) {
    return CompletableFuture.completedFuture(withLog(channel, (log, now) -> log.read(since)));
  }

  /**
   * Runs {@code action} on the channel's live log (made if missing, replaced if forgotten), holding
   * its monitor, and marks the log as used now.
   */
  private <T> T withLog(String channel, BiFunction<Log, Long, T> action) {
    while (true) {
      Log log = logs.computeIfAbsent(channel, c -> new Log());
      synchronized (log) {
        long now = clock.millis();
        if (log.dead || forget(channel, log, now)) {
          continue;
        }
        log.touched = now;
        return action.apply(log, now);
      }
    }
  }

  /** Number of channels whose history or position is held; for tests and metrics. */
  public int channelCount() {
    return logs.size();
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
    logs.clear();
  }

  private void sweep() {
    long now = clock.millis();
    logs.forEach(
        (channel, log) -> {
          synchronized (log) {
            forget(channel, log, now);
          }
        });
  }

  /**
   * Drops expired messages and, once a channel has had neither messages nor reads for {@code
   * metaTtl}, forgets it (its next use starts a new epoch). Called holding the log's monitor.
   *
   * @return whether the log was forgotten
   */
  private boolean forget(String channel, Log log, long now) {
    log.expire(now - options.ttl().toMillis());
    if (log.messages.isEmpty() && log.touched < now - options.metaTtl().toMillis()) {
      log.dead = true;
      logs.remove(channel, log);
      return true;
    }
    return false;
  }

  private record Entry(Message message, long storedAt) {}

  /** One channel's history; guarded by its own monitor. */
  private static final class Log {
    final String epoch = Ids.epoch(null);
    final ArrayDeque<Entry> messages = new ArrayDeque<>();
    long top;
    long touched = Long.MAX_VALUE;
    boolean dead;

    void expire(long cutoff) {
      while (!messages.isEmpty() && messages.peekFirst().storedAt() < cutoff) {
        messages.removeFirst();
      }
    }

    HistoryRead read(Offset since) {
      Offset position = new Offset(epoch, top);
      if (since == null) {
        return new HistoryRead(List.of(), position, true);
      }
      boolean continuous = since.epoch().equals(epoch) && since.seq() <= top;
      long oldestRetained =
          messages.isEmpty() ? top + 1 : messages.peekFirst().message().offset().seq();
      if (continuous && oldestRetained <= since.seq() + 1) {
        List<Message> after = new ArrayList<>();
        for (Entry entry : messages) {
          if (entry.message().offset().seq() > since.seq()) {
            after.add(entry.message());
          }
        }
        return new HistoryRead(after, position, true);
      }
      // The history no longer reaches back to `since` (or never held it): replay what this
      // epoch still holds and say that it is not everything.
      List<Message> all = new ArrayList<>(messages.size());
      messages.forEach(entry -> all.add(entry.message()));
      return new HistoryRead(all, position, false);
    }
  }
}
