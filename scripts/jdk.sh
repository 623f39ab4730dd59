# Sourced by ./herald, ./run-tests and the bench scripts: finds a JDK 21+ and Maven settings.
#
# Order: $JAVA_HOME if it is 21 or newer; else the newest JDK (21+) installed beside the default
# `java` (e.g. /usr/lib/jvm/*); else give up with a message saying what to install.

herald_java_major() {
  # Prints the major version of the java binary $1 ("17", "21", "25"); 1.8 prints 8.
  local line
  line=$("$1" -version 2>&1 | head -n 1) || return 1
  line=${line#*\"}
  line=${line%%\"*}
  case "$line" in
    1.*) line=${line#1.} ;;
  esac
  echo "${line%%[.+-]*}"
}

herald_find_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(herald_java_major "$JAVA_HOME/bin/java" || echo 0)
    if [ "$major" -ge 21 ] 2>/dev/null; then
      echo "$JAVA_HOME"
      return 0
    fi
  fi
  local dirs=()
  if command -v java >/dev/null 2>&1; then
    local java_bin
    java_bin=$(readlink -f "$(command -v java)")
    # .../jvm/<jdk>/bin/java -> look at every .../jvm/*
    dirs+=("$(dirname "$(dirname "$(dirname "$java_bin")")")")
  fi
  dirs+=(/usr/lib/jvm /usr/local/lib/jvm /opt/java /opt)
  local dir
  for dir in "${dirs[@]}"; do
    [ -d "$dir" ] || continue
    for candidate in "$dir"/*; do
      [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
      major=$(herald_java_major "$candidate/bin/java" 2>/dev/null || echo 0)
      if [ "$major" -ge 21 ] 2>/dev/null && [ "$major" -gt "$best_major" ]; then
        best=$candidate
        best_major=$major
      fi
    done
    [ -n "$best" ] && break
  done
  if [ -z "$best" ]; then
    echo "herald: no JDK 21 or newer found (JAVA_HOME, or beside $(command -v java 2>/dev/null || echo 'java'))." >&2
    echo "herald: install one (e.g. apt-get install openjdk-21-jdk-headless) or set JAVA_HOME." >&2
    return 1
  fi
  echo "$best"
}

herald_maven_opts() {
  # JDK 24+ warns loudly when Maven's own libraries use sun.misc.Unsafe; allow it quietly.
  local major
  major=$(herald_java_major "$JAVA_HOME/bin/java")
  if [ "$major" -ge 24 ]; then
    echo "--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}"
  else
    echo "${MAVEN_OPTS:-}"
  fi
}
