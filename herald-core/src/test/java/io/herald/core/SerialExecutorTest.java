package io.herald.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SerialExecutorTest {
  private final ExecutorService delegate = Executors.newVirtualThreadPerTaskExecutor();
  private final SerialExecutor serial = new SerialExecutor(delegate);

  @AfterEach
  void close() {
    delegate.shutdownNow();
  }

  @Test
  void runsTasksOneAtATimeInSubmissionOrder() throws Exception {
    int count = 500;
    List<Integer> order = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    List<Boolean> virtual = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(count);

    for (int i = 0; i < count; i++) {
      int n = i;
      serial.execute(
          () -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            virtual.add(Thread.currentThread().isVirtual());
            if (n % 50 == 0) {
              Thread.yield();
            }
            order.add(n);
            running.decrementAndGet();
            done.countDown();
          });
    }

    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(order).containsExactlyElementsOf(IntStream.range(0, count).boxed().toList());
    assertThat(maxRunning.get()).isEqualTo(1);
    assertThat(virtual).containsOnly(true);
  }

  @Test
  void tasksFromManyThreadsNeverOverlapAndKeepEachSubmittersOrder() throws Exception {
    int submitters = 4;
    int perSubmitter = 300;
    List<int[]> ran = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(submitters * perSubmitter);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(submitters);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int s = 0; s < submitters; s++) {
        int submitter = s;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perSubmitter; i++) {
                    int n = i;
                    serial.execute(
                        () -> {
                          maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                          ran.add(new int[] {submitter, n});
                          running.decrementAndGet();
                          done.countDown();
                        });
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(10, TimeUnit.SECONDS);
      }
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      pool.shutdownNow();
    }

    assertThat(maxRunning.get()).isEqualTo(1);
    assertThat(ran).hasSize(submitters * perSubmitter);
    for (int s = 0; s < submitters; s++) {
      int submitter = s;
      List<Integer> mine = ran.stream().filter(r -> r[0] == submitter).map(r -> r[1]).toList();
      assertThat(mine).containsExactlyElementsOf(IntStream.range(0, perSubmitter).boxed().toList());
    }
  }

  @Test
  void throwingTaskDoesNotStopLaterOnes() throws Exception {
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(1);

    serial.execute(() -> ran.add("first"));
    serial.execute(
        () -> {
          ran.add("thrower");
          throw new IllegalStateException("boom");
        });
    serial.execute(
        () -> {
          throw new AssertionError("an Error too");
        });
    serial.execute(
        () -> {
          ran.add("last");
          done.countDown();
        });

    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ran).containsExactly("first", "thrower", "last");
  }

  @Test
  void theNextTaskWaitsForTheRunningOne() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch secondRan = new CountDownLatch(1);

    serial.execute(
        () -> {
          started.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    serial.execute(secondRan::countDown);

    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(secondRan.await(100, TimeUnit.MILLISECONDS)).isFalse();

    release.countDown();
    assertThat(secondRan.await(10, TimeUnit.SECONDS)).isTrue();

    CountDownLatch again = new CountDownLatch(1);
    serial.execute(again::countDown);
    assertThat(again.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void blockedTaskStallsOnlyItsOwnExecutor() throws Exception {
    SerialExecutor other = new SerialExecutor(delegate);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch otherRan = new CountDownLatch(1);
    serial.execute(
        () -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });

    CountDownLatch queuedBehind = new CountDownLatch(1);
    serial.execute(queuedBehind::countDown);
    other.execute(otherRan::countDown);

    assertThat(otherRan.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(queuedBehind.getCount()).isEqualTo(1);
    release.countDown();
    assertThat(queuedBehind.await(10, TimeUnit.SECONDS)).isTrue();
  }
}
