#!/usr/bin/env bash
# Runs one Herald benchmark on this machine: the server pinned to core 0 with one I/O thread, the
# load generator (herald-bench.jar) pinned to core 1; prints a results block. See
# docs/benchmarks.md.
#
#   herald-bench/run.sh fanout  [options]   deliveries/s to 1,000 subscribers at saturation
#   herald-bench/run.sh latency [options]   latency percentiles at a fixed rate (100 msg/s)
#   herald-bench/run.sh memory  [options]   server memory per idle connection (10,000)
#
# Options of this script (the rest go to the load generator; `--help` after the benchmark name
# lists them, e.g. --subscribers, --duration, --rate, --window, --connections, --subscriber):
#   --target T           server under test: herald (default, the standalone server), ws (the Node
#                        `ws` baseline), herald-sio (Herald with Socket.IO rooms joined from the
#                        CONNECT auth, io.herald.bench.server.SocketIoBenchServer) or
#                        socketio-node (the Node socket.io baseline); the last two get Socket.IO
#                        subscribers (--subscriber socketio) unless --subscriber says otherwise
#   --gc g1|serial|auto  Herald's collector (default g1; auto = the JVM's own choice, which is
#                        Serial on one core)
#   --heap SIZE          Herald's fixed heap, -Xms = -Xmx (default 256m)
#   --nmt                memory: also run Herald with Native Memory Tracking and report it
#   --no-pretouch        memory: do not pre-touch the heap (see docs/benchmarks.md)
#   --jfr FILE           record a JFR profile of the server over the whole run into FILE
#   --server-cores LIST  cores for the server (default 0); --client-cores LIST (default 1)
# Environment: JAVA_HOME (default /usr/lib/jvm/temurin-25-jdk-amd64), SERVER_JAVA_OPTS,
# CLIENT_JAVA_OPTS, NODE (default node), NPM (default npm).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
node=${NODE:-node}
npm=${NPM:-npm}

usage() {
  sed -n '2,25p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit "${1:-2}"
}

[ $# -ge 1 ] || usage
bench=$1
shift
case "$bench" in
  fanout | latency | memory) ;;
  -h | --help | help) usage 0 ;;
  *) echo "run.sh: unknown benchmark '$bench'" >&2; usage ;;
esac

target=herald gc=g1 heap=256m nmt="" pretouch=yes jfr="" server_cores=0 client_cores=1
args=()
subscriber=""
while [ $# -gt 0 ]; do
  case "$1" in
    --target) target=$2; shift 2 ;;
    --subscriber) subscriber=$2; args+=("$1" "$2"); shift 2 ;;
    --gc) gc=$2; shift 2 ;;
    --heap) heap=$2; shift 2 ;;
    --nmt) nmt=yes; shift ;;
    --no-pretouch) pretouch=""; shift ;;
    --jfr) jfr=$2; shift 2 ;;
    --server-cores) server_cores=$2; shift 2 ;;
    --client-cores) client_cores=$2; shift 2 ;;
    --help | -h) args+=(--help); shift ;;
    *) args+=("$1"); shift ;;
  esac
done
case "$target" in
  herald | ws) ;;
  herald-sio | socketio-node)
    if [ "$bench" = memory ]; then
      echo "run.sh: memory measures /herald connections; use --target herald or ws" >&2
      exit 2
    fi
    # Socket.IO subscribers unless the command line chose.
    [ -n "$subscriber" ] || args+=(--subscriber socketio)
    ;;
  *) echo "run.sh: --target herald|ws|herald-sio|socketio-node" >&2; exit 2 ;;
esac
case "$gc" in
  g1) gc_opts=(-XX:+UseG1GC) ;;
  serial) gc_opts=(-XX:+UseSerialGC) ;;
  auto) gc_opts=() ;;
  *) echo "run.sh: --gc g1|serial|auto" >&2; exit 2 ;;
esac

for a in "${args[@]}"; do
  if [ "$a" = --help ]; then
    [ -f "$here/target/herald-bench.jar" ] || usage
    exec "$java" -jar "$here/target/herald-bench.jar" "$bench" --help
  fi
done
[ -x "$java" ] || { echo "run.sh: no java at $java (set JAVA_HOME)" >&2; exit 1; }
command -v taskset >/dev/null || { echo "run.sh: taskset (util-linux) is required" >&2; exit 1; }

# Build what is missing: the load generator (this module and, since herald-sio runs from its jar,
# the Herald modules it bundles) and, for Herald, the server jar.
bench_jar="$here/target/herald-bench.jar"
stale=""
if [ -f "$bench_jar" ]; then
  stale=$(find "$here/src" "$here/pom.xml" -newer "$bench_jar" -type f -print -quit)
fi
if [ ! -f "$bench_jar" ] || [ -n "$stale" ]; then
  echo "run.sh: building herald-bench..." >&2
  (cd "$root" && JAVA_HOME=$JAVA_HOME MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow \
    mvn -q -B -o -pl herald-bench -am package -DskipTests -Dspotless.check.skip=true) >&2 ||
  (cd "$root" && JAVA_HOME=$JAVA_HOME MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow \
    mvn -q -B -pl herald-bench -am package -DskipTests -Dspotless.check.skip=true) >&2
fi
server_jar="$root/herald-app/target/herald.jar"
if [ "$target" = herald ] && [ ! -f "$server_jar" ]; then
  echo "run.sh: building the Herald server jar..." >&2
  (cd "$root" && JAVA_HOME=$JAVA_HOME MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow \
    mvn -q -B -DskipTests -Dspotless.check.skip=true -pl herald-app -am package) >&2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/herald-bench.XXXXXX")
server_pid=""
client_pid=""
cleanup() {
  if [ -n "$client_pid" ] && kill -0 "$client_pid" 2>/dev/null; then
    kill "$client_pid" 2>/dev/null || true
    wait "$client_pid" 2>/dev/null || true
  fi
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The load generator (and the herald-sio server) run from a copy too, for the same reason.
cp "$bench_jar" "$work/herald-bench.jar"
bench_jar="$work/herald-bench.jar"
if [ "$target" = socketio-node ] && [ ! -f "$here/node/node_modules/socket.io/package.json" ]; then
  echo "run.sh: installing the Node baseline's packages (npm ci in herald-bench/node)..." >&2
  (cd "$here/node" && "$npm" ci --no-audit --no-fund) >&2
fi

# Start the server on port 0 (a free port) and read the port from its first line.
log="$work/server.log"
if [ "$target" = herald ]; then
  # A copy, so that a rebuild of herald.jar during the run cannot disturb it.
  cp "$server_jar" "$work/herald.jar"
  # Clients publish only where a channel rule allows it; the load generator publishes over /herald.
  # A load test opens thousands of connections from one address and publishes far above the
  # per-connection message rate: those limits are off.
  echo '{"server":{"ioThreads":1},"channels":{"rules":[{"pattern":"*","publish":"anyone"}]},"limits":{"handshakeRate":0,"maxConnectionsPerIp":0,"messageRate":0}}' \
    >"$work/config.json"
  server_opts=("-Xms$heap" "-Xmx$heap" "${gc_opts[@]}")
  if [ "$bench" = memory ]; then
    [ -n "$pretouch" ] && server_opts+=(-XX:+AlwaysPreTouch)
    [ -n "$nmt" ] && server_opts+=(-XX:NativeMemoryTracking=summary)
  fi
  [ -n "$jfr" ] && server_opts+=("-XX:StartFlightRecording=filename=$jfr,settings=profile")
  # shellcheck disable=SC2206
  server_opts+=(${SERVER_JAVA_OPTS:-})
  taskset -c "$server_cores" "$java" "${server_opts[@]}" -jar "$work/herald.jar" \
    --host 127.0.0.1 --port 0 --no-demo --config "$work/config.json" >"$log" 2>&1 &
  server_pid=$!
  jar_time=$(date -u -r "$server_jar" '+%Y-%m-%d %H:%M UTC')
  head_rev=$(cd "$root" && git log -1 --format='%h %ci' 2>/dev/null || echo '?')
  server_desc="herald.jar built $jar_time (HEAD $head_rev), java ${server_opts[*]}"
elif [ "$target" = herald-sio ]; then
  # Herald from the load generator's jar (which bundles herald-server), with the settings of the
  # herald target: one I/O thread, the same heap and collector.
  server_opts=("-Xms$heap" "-Xmx$heap" "${gc_opts[@]}")
  [ -n "$jfr" ] && server_opts+=("-XX:StartFlightRecording=filename=$jfr,settings=profile")
  # shellcheck disable=SC2206
  server_opts+=(${SERVER_JAVA_OPTS:-})
  # (--enable-native-access is what herald.jar's manifest says; -cp does not read a manifest.)
  taskset -c "$server_cores" "$java" "${server_opts[@]}" --enable-native-access=ALL-UNNAMED \
    -cp "$bench_jar" io.herald.bench.server.SocketIoBenchServer --host 127.0.0.1 --port 0 \
    --io-threads 1 >"$log" 2>&1 &
  server_pid=$!
  jar_time=$(date -u -r "$here/target/herald-bench.jar" '+%Y-%m-%d %H:%M UTC')
  head_rev=$(cd "$root" && git log -1 --format='%h %ci' 2>/dev/null || echo '?')
  server_desc="Herald + Socket.IO (SocketIoBenchServer in herald-bench.jar built $jar_time, HEAD $head_rev), java ${server_opts[*]}"
elif [ "$target" = socketio-node ]; then
  taskset -c "$server_cores" "$node" "$here/node/socketio-baseline.mjs" --host 127.0.0.1 \
    --port 0 >"$log" 2>&1 &
  server_pid=$!
  sio_version=$(sed -n 's/.*"version": "\(.*\)".*/\1/p' "$here/node/node_modules/socket.io/package.json" | head -1)
  eio_version=$(sed -n 's/.*"version": "\(.*\)".*/\1/p' "$here/node/node_modules/engine.io/package.json" | head -1)
  server_desc="Node $("$node" --version) socket.io $sio_version engine.io $eio_version (herald-bench/node/socketio-baseline.mjs)"
else
  taskset -c "$server_cores" "$node" "$here/node/ws-baseline.mjs" --host 127.0.0.1 --port 0 \
    >"$log" 2>&1 &
  server_pid=$!
  ws_version=$(sed -n 's/.*"version": "\(.*\)".*/\1/p' "$root/tests/browser/node_modules/ws/package.json" | head -1)
  server_desc="Node $("$node" --version) ws $ws_version (herald-bench/node/ws-baseline.mjs)"
fi
port=""
for _ in $(seq 1 300); do
  port=$(sed -n 's#.*listening on http://[^:]*:\([0-9]*\)/.*#\1#p' "$log" | head -1)
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "run.sh: the server did not start:" >&2
  cat "$log" >&2
  exit 1
fi

jdk_version=$("$java" -version 2>&1 | head -1)
echo "---- herald-bench $bench: $server_desc"
echo "---- machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(uname -r); $jdk_version; server on core(s) $server_cores, load generator on core(s) $client_cores"

java_major=$(echo "$jdk_version" | sed -E 's/.*version "([0-9]+).*/\1/')
client_opts=(-Xms512m -Xmx512m --enable-native-access=ALL-UNNAMED "-Dbench.clkTck=$(getconf CLK_TCK)")
# Netty uses sun.misc.Unsafe; JDK 23+ warns about it unless allowed.
[ "${java_major:-21}" -ge 23 ] 2>/dev/null && client_opts+=(--sun-misc-unsafe-memory-access=allow)
# shellcheck disable=SC2206
client_opts+=(${CLIENT_JAVA_OPTS:-})
status=0
# In the background and waited for, so that a signal to this script stops the run at once.
taskset -c "$client_cores" "$java" "${client_opts[@]}" -jar "$bench_jar" "$bench" \
  --port "$port" --server-pid "$server_pid" --label "$target" "${args[@]}" &
client_pid=$!
wait "$client_pid" || status=$?
client_pid=""
if ! kill -0 "$server_pid" 2>/dev/null; then
  echo "run.sh: the server exited during the run; its output:" >&2
  tail -20 "$log" >&2
  status=1
fi
exit "$status"
