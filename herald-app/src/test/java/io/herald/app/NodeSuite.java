package io.herald.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs one of the Node test files of tests/browser (node:test, TAP output) against a running server
 * and fails with its output when a test fails. Under CI=true missing Node packages or Chromium are
 * a failure; elsewhere the test is skipped with the command that installs them.
 */
final class NodeSuite {
  private NodeSuite() {}

  static void run(String file, String baseUrl, boolean needsBrowser) throws Exception {
    run(file, List.of(baseUrl), needsBrowser);
  }

  /** Runs {@code file} with the servers' base URLs as its arguments. */
  static void run(String file, List<String> baseUrls, boolean needsBrowser) throws Exception {
    Path dir = ServerProcess.root().resolve("tests/browser");
    boolean ready =
        Files.isDirectory(dir.resolve("node_modules"))
            && (!needsBrowser || Files.isExecutable(Path.of("/usr/bin/chromium")));
    if (!ready) {
      String message = "Node packages or Chromium missing: run scripts/test-deps.sh";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(message);
      }
      Assumptions.abort(message);
    }
    Process node =
        new ProcessBuilder(command(file, baseUrls))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String output = drain(node);
    assertThat(output).as(output).contains("# fail 0").doesNotContain("# pass 0");
    assertThat(node.exitValue()).as(output).isZero();
  }

  private static List<String> command(String file, List<String> baseUrls) {
    List<String> command = new ArrayList<>(List.of("node", "--test-reporter=tap", file));
    command.addAll(baseUrls);
    return command;
  }

  private static String drain(Process process) throws IOException, InterruptedException {
    byte[] bytes = process.getInputStream().readAllBytes();
    if (!process.waitFor(180, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("node did not finish in 180 s");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
