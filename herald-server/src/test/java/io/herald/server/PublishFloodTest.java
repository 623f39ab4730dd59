package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testing.HeraldClient;
import io.herald.testing.RawWebSocket;
import io.herald.testing.TestHerald;
import io.micrometer.core.instrument.Gauge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client publishing as fast as it can, without waiting for acks, gets every ack and every
 * subscriber every message, the fan-out backlog stays bounded, and other clients are answered
 * meanwhile.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PublishFloodTest {
  private static final int MESSAGES = 20_000;
  private static final int SUBSCRIBERS = 20;

  @Test
  void aFloodingPublisherIsHeldBackAndNothingIsLost() throws Exception {
    try (Herald herald =
            TestHerald.start(
                b ->
                    b.config(
                        TestHerald.CONFIG.withServer(
                            TestHerald.CONFIG.server().withIoThreads(2))));
        ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
      int port = herald.port();
      List<CompletableFuture<Integer>> received = new ArrayList<>();
      List<HeraldClient> subscribers = new ArrayList<>();
      for (int i = 0; i < SUBSCRIBERS; i++) {
        HeraldClient subscriber = HeraldClient.connect(port);
        subscriber.subscribe("flood");
        subscribers.add(subscriber);
        received.add(
            CompletableFuture.supplyAsync(
                () -> {
                  int count = 0;
                  try {
                    while (count < MESSAGES) {
                      subscriber.socket().readText(Duration.ofSeconds(30));
                      count++;
                    }
                  } catch (Exception e) {
                    throw new IllegalStateException("after " + count + " messages", e);
                  }
                  return count;
                },
                readers));
      }
      Gauge backlog = herald.meters().find("herald.fanout.backlog").gauge();
      AtomicInteger maxBacklog = new AtomicInteger();
      try (RawWebSocket publisher = RawWebSocket.connect(port, "/herald");
          HeraldClient bystander = HeraldClient.connect(port)) {
        publisher.readText(Duration.ofSeconds(5));
        CompletableFuture<Integer> acks =
            CompletableFuture.supplyAsync(
                () -> {
                  int count = 0;
                  try {
                    while (count < MESSAGES) {
                      if (publisher.readText(Duration.ofSeconds(30)).contains("\"ack\"")) {
                        count++;
                      }
                    }
                  } catch (Exception e) {
                    throw new IllegalStateException("after " + count + " acks", e);
                  }
                  return count;
                },
                readers);
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < MESSAGES; i++) {
          batch.setLength(0);
          batch
              .append("{\"op\":\"publish\",\"id\":")
              .append(i)
              .append(",\"channel\":\"flood\",\"data\":")
              .append(i)
              .append('}');
          publisher.sendText(batch.toString());
          if (i % 1000 == 0) {
            maxBacklog.accumulateAndGet((int) backlog.value(), Math::max);
            long start = System.nanoTime();
            bystander.send("{\"op\":\"ping\",\"id\":1}");
            assertThat(bystander.next("pong")).isNotNull();
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isLessThan(Duration.ofSeconds(2));
          }
        }
        assertThat(acks.get(60, TimeUnit.SECONDS)).isEqualTo(MESSAGES);
      }
      for (CompletableFuture<Integer> count : received) {
        assertThat(count.get(60, TimeUnit.SECONDS)).isEqualTo(MESSAGES);
      }
      assertThat(maxBacklog.get())
          .isLessThan(4 * io.herald.server.internal.transport.Backpressure.HIGH_WATER);
      for (HeraldClient subscriber : subscribers) {
        subscriber.close();
      }
    }
  }
}
