package io.herald.app;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo pages in headless Chromium (Playwright with Debian's Chromium) and the official `ws`
 * client against the real server process.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class InteropIT {
  @Test
  void officialWsClient() throws Exception {
    try (ServerProcess server = ServerProcess.start()) {
      NodeSuite.run("ws-interop.test.mjs", server.baseUrl(), false);
    }
  }

  @Test
  void demoPagesInChromium() throws Exception {
    try (ServerProcess server = ServerProcess.start()) {
      NodeSuite.run("demo-pages.test.mjs", server.baseUrl(), true);
    }
  }
}
