package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testing.LeakGuard;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The leak guard the whole suite relies on does see a leaked buffer. */
class LeakGuardTest {
  @Test
  void aLeakedBufferIsReported() throws Exception {
    assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    leak();
    List<String> leaks = LeakGuard.collect();
    // The guard would fail this class in afterAll; collect() consumed the report, so it passes.
    assertThat(leaks).isNotEmpty();
    assertThat(leaks.get(0)).contains("LEAK");
  }

  private static void leak() {
    ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(64);
    buffer.writeLong(42);
  }
}
