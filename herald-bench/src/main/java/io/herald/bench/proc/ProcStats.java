package io.herald.bench.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads process and CPU accounting from Linux's {@code /proc} (proc(5)): the same counters for the
 * server and for the load generator itself, so that the two CPU figures are comparable.
 */
public final class ProcStats {
  /**
   * Clock ticks per second of the {@code /proc} CPU counters ({@code getconf CLK_TCK}); 100 on
   * every mainstream Linux, overridable with {@code -Dbench.clkTck}.
   */
  public static final int CLK_TCK = Integer.getInteger("bench.clkTck", 100);

  private ProcStats() {}

  /** User and system CPU ticks of a process, all threads; {@code "self"} for this one. */
  public static CpuTicks cpu(String pid) {
    return ticksOf(read(Path.of("/proc", pid, "stat")));
  }

  /** CPU ticks per thread name (threads with the same name summed). */
  public static Map<String, Long> threads(String pid) {
    Map<String, Long> result = new HashMap<>();
    Path tasks = Path.of("/proc", pid, "task");
    try (var stream = Files.list(tasks)) {
      for (Path task : (Iterable<Path>) stream::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          result.merge(normalise(name), ticksOf(stat).total(), Long::sum);
        } catch (NoSuchFileException gone) {
          // The thread ended between listing and reading.
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return result;
  }

  /** Resident set size of a process in bytes ({@code VmRSS}). */
  public static long rssBytes(String pid) {
    for (String line : read(Path.of("/proc", pid, "status")).split("\n")) {
      if (line.startsWith("VmRSS:")) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[1]) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS for " + pid);
  }

  /**
   * Resident bytes per memory mapping ({@code /proc/PID/smaps}): keyed by the mapped file, or for
   * anonymous memory by {@code [anon] START} (or {@code [heap]}, {@code [stack]}).
   */
  public static Map<String, Long> mappings(String pid) {
    Map<String, Long> result = new HashMap<>();
    String key = null;
    for (String line : read(Path.of("/proc", pid, "smaps")).split("\n")) {
      if (!line.isEmpty()
          && Character.isLetterOrDigit(line.charAt(0))
          && line.indexOf(' ') > 0
          && line.substring(0, line.indexOf(' ')).contains("-")) {
        String[] f = line.trim().split("\\s+", 6);
        key = f.length == 6 ? f[5] : "[anon] " + f[0].substring(0, f[0].indexOf('-'));
      } else if (line.startsWith("Rss:") && key != null) {
        String[] f = line.trim().split("\\s+");
        result.merge(key, Long.parseLong(f[1]) * 1024, Long::sum);
      }
    }
    return result;
  }

  /** The process's command name ({@code java}, {@code node}, ...). */
  public static String command(String pid) {
    return read(Path.of("/proc", pid, "comm")).trim();
  }

  /** The process's arguments, joined with spaces. */
  public static String commandLine(String pid) {
    return read(Path.of("/proc", pid, "cmdline")).replace('\0', ' ').trim();
  }

  public static boolean alive(String pid) {
    return Files.exists(Path.of("/proc", pid, "stat"));
  }

  /** Busy and total ticks of each CPU core, from {@code /proc/stat}. */
  public static List<CoreTicks> cores() {
    List<CoreTicks> cores = new ArrayList<>();
    for (String line : read(Path.of("/proc/stat")).split("\n")) {
      if (line.startsWith("cpu") && Character.isDigit(line.charAt(3))) {
        String[] f = line.trim().split("\\s+");
        long total = 0;
        // user nice system idle iowait irq softirq steal (guest time is already in user).
        for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
          total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        cores.add(new CoreTicks(f[0], total - idle, Long.parseLong(f[7]), total));
      }
    }
    return cores;
  }

  /** The model name of the first CPU. */
  public static String cpuModel() {
    for (String line : read(Path.of("/proc/cpuinfo")).split("\n")) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    return "unknown";
  }

  private static CpuTicks ticksOf(String stat) {
    // Fields after the command name, which may itself contain spaces and parentheses.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // f[0] is field 3 (state): utime is field 14, stime field 15.
    return new CpuTicks(Long.parseLong(f[11]), Long.parseLong(f[12]));
  }

  /** Thread pools name their threads {@code pool-1}, {@code pool-2}...: count them together. */
  private static String normalise(String name) {
    return name.replaceAll("[-#]?\\d+$", "-N");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** CPU time in clock ticks. */
  public record CpuTicks(long user, long system) {
    public long total() {
      return user + system;
    }

    public CpuTicks minus(CpuTicks earlier) {
      return new CpuTicks(user - earlier.user, system - earlier.system);
    }

    public double seconds() {
      return total() / (double) CLK_TCK;
    }
  }

  /**
   * One core's busy, softirq and total ticks. Softirq time (network receive processing, which on
   * loopback runs on the sending core) is busy time that the kernel charges to no process.
   */
  public record CoreTicks(String name, long busy, long softirq, long total) {
    public double busyPercentSince(CoreTicks earlier) {
      long t = total - earlier.total;
      return t <= 0 ? 0 : 100.0 * (busy - earlier.busy) / t;
    }

    public double softirqPercentSince(CoreTicks earlier) {
      long t = total - earlier.total;
      return t <= 0 ? 0 : 100.0 * (softirq - earlier.softirq) / t;
    }
  }
}
