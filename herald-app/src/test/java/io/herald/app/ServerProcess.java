package io.herald.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real server, started as a separate process with ./herald, for integration tests. */
final class ServerProcess implements AutoCloseable {
  private static final Pattern LISTENING =
      Pattern.compile("Herald listening on https?://[^:]+:(\\d+)/");

  final Process process;
  final int port;
  private final String startLine;
  private final StringBuffer stderr = new StringBuffer();
  private final Thread stderrReader;

  private ServerProcess(Process process, int port, String startLine) {
    this.process = process;
    this.port = port;
    this.startLine = startLine;
    this.stderrReader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (BufferedReader err =
                      new BufferedReader(
                          new InputStreamReader(
                              process.getErrorStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = err.readLine()) != null) {
                      stderr.append(line).append('\n');
                    }
                  } catch (IOException e) {
                    stderr.append("(stderr unreadable: ").append(e).append(")\n");
                  }
                });
  }

  /** The repository's root (tests run in the module folder). */
  static Path root() {
    Path here = Path.of("").toAbsolutePath();
    return Files.exists(here.resolve("herald")) ? here : here.getParent();
  }

  /**
   * {@code ./herald --port 0 args…} from the project root with this JVM's JDK, no build, and none
   * of the secrets the launcher reads from the environment but those in {@code env}.
   */
  private static ProcessBuilder launcher(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of("./herald", "--port", "0"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(root().toFile());
    Map<String, String> environment = builder.environment();
    environment
        .keySet()
        .removeAll(List.of("HERALD_API_KEY", "HERALD_JWT_SECRET", "HERALD_TLS_KEY_PASSWORD"));
    environment.put("HERALD_NO_BUILD", "1");
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    environment.putAll(env);
    return builder;
  }

  /** What a server that refused to start printed, and its exit code. */
  record FailedStart(int exitCode, String output, String errors) {}

  /** Runs {@code ./herald --port 0 args…}, expecting it to exit by itself within a minute. */
  static FailedStart failedStart(String... args) throws Exception {
    return failedStart(Map.of(), args);
  }

  /** Like {@link #failedStart(String...)}, with {@code env} added to the environment. */
  static FailedStart failedStart(Map<String, String> env, String... args) throws Exception {
    ProcessBuilder builder = launcher(env, args);
    Process process = builder.start();
    process.getOutputStream().close();
    CompletableFuture<String> output = readAll(process.getInputStream());
    CompletableFuture<String> errors = readAll(process.getErrorStream());
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("./herald " + String.join(" ", args) + " did not exit");
    }
    return new FailedStart(
        process.exitValue(), output.get(5, TimeUnit.SECONDS), errors.get(5, TimeUnit.SECONDS));
  }

  private static CompletableFuture<String> readAll(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "(unreadable: " + e + ")";
          }
        },
        Executors.newVirtualThreadPerTaskExecutor());
  }

  /** Starts {@code ./herald --port 0 args…} and waits for its one line. */
  static ServerProcess start(String... args) throws IOException {
    return start(Map.of(), args);
  }

  /** Like {@link #start(String...)}, with {@code env} added to the environment. */
  static ServerProcess start(Map<String, String> env, String... args) throws IOException {
    ProcessBuilder builder = launcher(env, args);
    // Netty's leak detector watches every buffer of the server process too; close() fails the
    // test if it reported a leak.
    builder.environment().put("HERALD_JAVA_OPTS", "-Dio.netty.leakDetection.level=PARANOID");
    Process process = builder.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    Matcher matcher = line == null ? null : LISTENING.matcher(line);
    if (matcher == null || !matcher.matches()) {
      process.destroyForcibly();
      String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      throw new IOException("server did not start; printed " + line + "; stderr: " + errors);
    }
    return new ServerProcess(process, Integer.parseInt(matcher.group(1)), line);
  }

  /** The line the server printed when it started listening. */
  String startLine() {
    return startLine;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** What the server wrote to stderr so far. */
  String stderr() {
    return stderr.toString();
  }

  /**
   * Collects garbage in the server (so that the leak detector sees dropped buffers), makes it
   * allocate (the detector reports when a new buffer is tracked), stops it, and fails if a leak was
   * reported.
   */
  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
      new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.run")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(30, TimeUnit.SECONDS);
      for (int i = 0; i < 5; i++) {
        new io.herald.testing.Http(port).get("/herald.js");
      }
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    stderrReader.join(5000);
    String errors = stderr.toString();
    if (errors.contains("LEAK:")) {
      throw new AssertionError("the server reported a buffer leak:\n" + errors);
    }
  }
}
