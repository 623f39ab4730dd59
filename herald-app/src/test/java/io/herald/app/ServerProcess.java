package io.herald.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real server, started as a separate process with ./herald, for integration tests. */
final class ServerProcess implements AutoCloseable {
  private static final Pattern LISTENING =
      Pattern.compile("Herald listening on http://[^:]+:(\\d+)/");

  final Process process;
  final int port;
  final StringBuilder stderr = new StringBuilder();

  private ServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The repository's root (tests run in the module folder). */
  static Path root() {
    Path here = Path.of("").toAbsolutePath();
    return Files.exists(here.resolve("herald")) ? here : here.getParent();
  }

  /** Starts {@code ./herald --port 0 args…} and waits for its one line. */
  static ServerProcess start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("./herald", "--port", "0"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(root().toFile());
    builder.environment().put("HERALD_NO_BUILD", "1");
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process process = builder.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    Matcher matcher = line == null ? null : LISTENING.matcher(line);
    if (matcher == null || !matcher.matches()) {
      String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      process.destroyForcibly();
      throw new IOException("server did not start; printed " + line + "; stderr: " + errors);
    }
    return new ServerProcess(process, Integer.parseInt(matcher.group(1)));
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Sends SIGTERM and waits for the process to end; returns its exit code. */
  int terminate(long timeoutSeconds) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          "the server did not stop within " + timeoutSeconds + " s of SIGTERM");
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
