package io.herald.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo pages in headless Chromium (Playwright with Debian's Chromium) and the official `ws`
 * client against the real server process.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class InteropIT {
  @TempDir Path dir;

  /**
   * The suites publish from clients on channels named {@code t-…}, which only a configured rule
   * allows (the demo's own rule covers the board).
   */
  private String[] testChannelsOpen() throws Exception {
    Path config = dir.resolve("herald.json");
    Files.writeString(
        config, "{\"channels\":{\"rules\":[{\"pattern\":\"t-*\",\"publish\":\"anyone\"}]}}");
    return new String[] {"--config", config.toString()};
  }

  @Test
  void officialWsClient() throws Exception {
    try (ServerProcess server = ServerProcess.start(testChannelsOpen())) {
      NodeSuite.run("ws-interop.test.mjs", server.baseUrl(), false);
    }
  }

  @Test
  void demoPagesInChromium() throws Exception {
    try (ServerProcess server = ServerProcess.start(testChannelsOpen())) {
      NodeSuite.run("demo-pages.test.mjs", server.baseUrl(), true);
    }
  }
}
