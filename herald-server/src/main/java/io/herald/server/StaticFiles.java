package io.herald.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where static files come from: a folder on disk, or a package of the classpath (e.g. a folder of
 * resources inside the application's jar). Mounted with {@link HeraldBuilder#staticFiles}.
 */
public sealed interface StaticFiles {
  /** Files under a folder; re-read on every request, so edits show at once. */
  static StaticFiles directory(Path root) {
    return new Directory(root.toAbsolutePath().normalize());
  }

  /** Resources under a classpath folder such as {@code "com/example/web"}; cached in memory. */
  static StaticFiles classpath(String root) {
    return new Classpath(
        root.replaceAll("^/+|/+$", ""), Thread.currentThread().getContextClassLoader());
  }

  /** A folder on disk. */
  record Directory(Path root) implements StaticFiles {
    public Directory {
      Objects.requireNonNull(root);
    }
  }

  /** A classpath folder. */
  record Classpath(String root, ClassLoader loader) implements StaticFiles {
    public Classpath {
      Objects.requireNonNull(root);
      loader = loader == null ? StaticFiles.class.getClassLoader() : loader;
    }
  }
}
