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

  /** The HMAC secret of the server's JWT authenticator; the browser suite signs tokens with it. */
  private static final String JWT_SECRET = "interop-jwt-secret-0123456789abcdef";

  /**
   * The suites publish from clients on channels named {@code t-…}, which only a configured rule
   * allows (the demo's own rule covers the board). Tokens are checked when they come (herald.js
   * with expiring tokens) but not required, so the demo pages work without one.
   */
  private String[] testChannelsOpen() throws Exception {
    Path config = dir.resolve("herald.json");
    Files.writeString(
        config,
        "{\"channels\":{\"rules\":[{\"pattern\":\"t-*\",\"publish\":\"anyone\"}]},"
            + "\"jwt\":{\"secret\":\""
            + JWT_SECRET
            + "\",\"required\":false}}");
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
      NodeSuite.run("demo-pages.test.mjs", java.util.List.of(server.baseUrl(), JWT_SECRET), true);
    }
  }
}
