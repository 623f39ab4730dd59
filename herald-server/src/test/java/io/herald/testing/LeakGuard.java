package io.herald.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Makes a Netty buffer leak fail the build. Installed as a launcher session listener (before any
 * Netty class is loaded) it puts the leak detector at PARANOID and records every leak it reports;
 * as a JUnit extension (auto-detected) it collects garbage after each test class and fails that
 * class if a leak was reported.
 */
public final class LeakGuard implements LauncherSessionListener, AfterAllCallback {
  private static final Queue<String> LEAKS = new ConcurrentLinkedQueue<>();

  static {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
  }

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    // Loading this class ran the static initialiser; nothing else to do.
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    List<String> leaks = collect();
    if (!leaks.isEmpty()) {
      throw new AssertionError(
          leaks.size()
              + " Netty buffer leak(s) reported during or before "
              + context.getDisplayName()
              + ":\n"
              + String.join("\n\n", leaks));
    }
  }

  /** Runs the garbage collector and the detector until no new leak shows up; returns all. */
  public static List<String> collect() throws InterruptedException {
    for (int round = 0; round < 3; round++) {
      System.gc();
      Thread.sleep(30);
      // The detector polls its reference queue when a new buffer is tracked.
      for (int i = 0; i < 8; i++) {
        ByteBuf probe = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        probe.release();
        probe = PooledByteBufAllocator.DEFAULT.heapBuffer(16);
        probe.release();
      }
    }
    List<String> found = new ArrayList<>();
    String leak;
    while ((leak = LEAKS.poll()) != null) {
      found.add(leak);
    }
    return found;
  }

  private static final class RecordingFactory extends ResourceLeakDetectorFactory {
    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(
        Class<T> resource, int samplingInterval, long maxActive) {
      return new ResourceLeakDetector<>(resource, samplingInterval) {
        @Override
        protected boolean needReport() {
          return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
          LEAKS.add("LEAK: " + resourceType + records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
          LEAKS.add("LEAK: " + resourceType + " (no records)");
        }
      };
    }
  }
}
