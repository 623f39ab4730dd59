package io.herald.bench.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks a running JVM about its memory through {@code jcmd} (the JDK's diagnostic command tool, from
 * the JDK running this load generator, which must match the server's).
 */
public final class Jcmd {
  private static final Pattern USED = Pattern.compile("used (\\d+)K");
  private static final Pattern HISTOGRAM_ROW =
      Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
  private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)");
  private static final Pattern NMT_CATEGORY =
      Pattern.compile("^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");
  private static final Pattern NMT_TOTAL =
      Pattern.compile("^Total: reserved=(\\d+)KB, committed=(\\d+)KB");

  private final String executable;
  private final String pid;

  public Jcmd(String pid) {
    this.executable = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    this.pid = pid;
  }

  /**
   * Runs a full collection ({@code GC.run}, i.e. {@code System.gc()}) and returns the heap in use
   * afterwards according to {@code GC.heap_info}, in bytes: the top-level heap lines (G1's one
   * region-based heap, or Serial's and Parallel's generations), without Metaspace.
   */
  public long heapUsedAfterFullGc() {
    run("GC.run");
    long used = 0;
    boolean found = false;
    for (String line : run("GC.heap_info").split("\n")) {
      if (line.isEmpty()
          || Character.isWhitespace(line.charAt(0))
          || line.startsWith("Metaspace")
          || line.startsWith(pid + ":")) {
        continue;
      }
      Matcher m = USED.matcher(line);
      if (m.find()) {
        used += Long.parseLong(m.group(1)) * 1024;
        found = true;
      }
    }
    if (!found) {
      throw new IllegalStateException("no heap lines in GC.heap_info of " + pid);
    }
    return used;
  }

  /**
   * The live objects by class ({@code GC.class_histogram}, which itself runs a full collection
   * first); the entry {@code "Total"} holds the sum.
   *
   * @param saveTo where to keep jcmd's output as it is, or {@code null}
   */
  public Map<String, long[]> classHistogram(Path saveTo) {
    Map<String, long[]> classes = new LinkedHashMap<>();
    String text = run("GC.class_histogram");
    if (saveTo != null) {
      try {
        Files.writeString(saveTo, text);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    for (String line : text.split("\n")) {
      Matcher row = HISTOGRAM_ROW.matcher(line);
      if (row.find()) {
        classes.put(
            row.group(3), new long[] {Long.parseLong(row.group(1)), Long.parseLong(row.group(2))});
        continue;
      }
      Matcher total = HISTOGRAM_TOTAL.matcher(line);
      if (total.find()) {
        classes.put(
            "Total", new long[] {Long.parseLong(total.group(1)), Long.parseLong(total.group(2))});
      }
    }
    return classes;
  }

  /**
   * Committed bytes by Native Memory Tracking category, with {@code "Total"}; empty when the JVM
   * runs without {@code -XX:NativeMemoryTracking}.
   */
  public Map<String, Long> nativeMemory() {
    Map<String, Long> categories = new LinkedHashMap<>();
    for (String line : run("VM.native_memory", "summary").split("\n")) {
      Matcher total = NMT_TOTAL.matcher(line.trim());
      if (total.find()) {
        categories.put("Total", Long.parseLong(total.group(2)) * 1024);
        continue;
      }
      Matcher category = NMT_CATEGORY.matcher(line.trim());
      if (category.find()) {
        categories.put(category.group(1), Long.parseLong(category.group(3)) * 1024);
      }
    }
    return categories;
  }

  private String run(String... command) {
    String[] argv = new String[command.length + 2];
    argv[0] = executable;
    argv[1] = pid;
    System.arraycopy(command, 0, argv, 2, command.length);
    try {
      Path output = Files.createTempFile("herald-bench-jcmd", ".txt");
      try {
        Process process =
            new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException("jcmd " + String.join(" ", command) + " timed out");
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
          throw new IllegalStateException("jcmd " + String.join(" ", command) + ": " + text);
        }
        return text;
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
