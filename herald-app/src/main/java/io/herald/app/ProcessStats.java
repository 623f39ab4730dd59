package io.herald.app;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;

/** Readings of this process for the dashboard: heap, resident memory, CPU, threads. */
final class ProcessStats {
  private static final Path STATUS = Path.of("/proc/self/status");

  private ProcessStats() {}

  static MemoryUsage heap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
  }

  /** Resident set size in bytes (Linux), or -1 where it cannot be read. */
  static long rssBytes() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmRSS:")) {
          String kb = line.substring(6).trim().split("\\s+")[0];
          return Long.parseLong(kb) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** This process's recent CPU use, 0.0–1.0 of the whole machine, or -1 if unknown. */
  static double cpuLoad() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuLoad();
    }
    return -1;
  }

  static int threads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }
}
