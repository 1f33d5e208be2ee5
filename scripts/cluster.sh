#!/usr/bin/env bash
# A real standalone Spark cluster on this machine, from the project's own Maven-resolved jars:
# one Master and N Workers, separate JVMs, bound to 127.0.0.1, with Spark authentication on.
#
#   scripts/cluster.sh start [--workers N] [--cores C] [--memory M]   prints spark://127.0.0.1:PORT
#   scripts/cluster.sh status                                          the recorded processes
#   scripts/cluster.sh stop                                            ends exactly those processes
#
# Layout (BYZSPARK_CLUSTER_DIR, default target/cluster):
#   spark-home/jars/   links to the Spark/Hadoop jars Maven resolved (target/launcher.classpath):
#                      the Spark home from which the Workers launch executors
#   spark-cluster.conf spark.authenticate and the generated secret (mode 600; never on a command
#                      line): read by the daemons (--properties-file), by scripts/byzspark, and
#                      usable as spark-submit --properties-file
#   master-url, pids   what start printed and the process ids it started
#   logs/              master.log, worker-K.log;  work/worker-K/ executor logs (app-*/N/stderr)
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${BYZSPARK_CLUSTER_DIR:-$home/target/cluster}"
die() { echo "cluster.sh: $*" >&2; exit 2; }
usage="usage: scripts/cluster.sh start [--workers N] [--cores C] [--memory M] | status | stop"

alive() { # pid: true when the process exists and is one of Spark's standalone daemons
  local cmd
  cmd="$(ps -o args= -p "$1" 2>/dev/null || true)"
  [[ "$cmd" == *org.apache.spark.deploy.* ]]
}

status() {
  if [ ! -f "$dir/pids" ]; then
    echo "no cluster started from $dir"
    return 3
  fi
  local rc=0 name pid
  while read -r name pid; do
    if alive "$pid"; then
      echo "$name $pid running"
    else
      echo "$name $pid not running"
      rc=1
    fi
  done <"$dir/pids"
  [ -f "$dir/master-url" ] && cat "$dir/master-url"
  return "$rc"
}

stop() {
  if [ ! -f "$dir/pids" ]; then
    echo "no cluster started from $dir"
    return 0
  fi
  local pids=() name pid
  while read -r name pid; do
    alive "$pid" && pids+=("$pid")
  done <"$dir/pids"
  # Workers first (their shutdown ends their executors), then the master.
  local order=()
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do order+=("${pids[i]}"); done
  for pid in "${order[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 30); do
    local left=0
    for pid in "${order[@]}"; do alive "$pid" && left=1; done
    [ "$left" = 0 ] && break
    sleep 0.5
  done
  for pid in "${order[@]}"; do
    if alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  done
  rm -f "$dir/pids" "$dir/master-url"
  echo "stopped ${#order[@]} process(es)"
}

start() {
  local workers=2 cores=1 memory=2g
  while [ $# -gt 0 ]; do
    case "$1" in
      --workers) workers="${2:-}"; shift 2 || die "--workers needs a value" ;;
      --cores) cores="${2:-}"; shift 2 || die "--cores needs a value" ;;
      --memory) memory="${2:-}"; shift 2 || die "--memory needs a value" ;;
      *) die "unknown option '$1'; $usage" ;;
    esac
  done
  [[ "$workers" =~ ^[1-9][0-9]*$ ]] || die "--workers: '$workers' is not allowed; allowed: an integer >= 1"
  [[ "$cores" =~ ^[1-9][0-9]*$ ]] || die "--cores: '$cores' is not allowed; allowed: an integer >= 1"
  [[ "$memory" =~ ^[1-9][0-9]*[mMgG]$ ]] || die "--memory: '$memory' is not allowed; allowed: e.g. 1g or 512m"
  command -v java >/dev/null 2>&1 || die "java (17 or newer) is not on the PATH"
  if [ -f "$dir/pids" ]; then
    while read -r _ pid; do
      alive "$pid" && die "a cluster is already running from $dir ($(cat "$dir/master-url" 2>/dev/null)); run 'scripts/cluster.sh stop' first"
    done <"$dir/pids"
  fi

  local cp_file="$home/target/launcher.classpath"
  if [ ! -f "$cp_file" ]; then
    command -v mvn >/dev/null 2>&1 || die "target/launcher.classpath is missing and Maven (mvn) is not on the PATH"
    echo "cluster.sh: resolving the Spark jars (mvn package) ..." >&2
    (cd "$home" && mvn -B -q -Dstyle.color=never -Dmaven.test.skip=true package) >&2 \
      || die "the build failed (run 'mvn package' for the whole log)"
  fi

  mkdir -p "$dir/logs" "$dir/work" "$dir/local"
  # The Spark home: jars/ holds Spark, Hadoop and their dependencies, as Maven resolved them.
  rm -rf "$dir/spark-home"
  mkdir -p "$dir/spark-home/jars" "$dir/spark-home/conf"
  tr ':' '\n' <"$cp_file" | while read -r j; do
    [ -n "$j" ] && ln -s "$j" "$dir/spark-home/jars/$(basename "$j")"
  done

  # Executors find spark-home/conf first on their class path: their own logs (work/worker-K/app-*/N/
  # stderr) keep warnings and errors only, so that logging does not slow the steps down.
  cat >"$dir/spark-home/conf/log4j2.properties" <<'LOG'
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
LOG

  # A fresh secret for every start, in a file only this user can read.
  (
    umask 077
    secret="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    # The REST submission server cannot authenticate: it stays off.
    printf 'spark.authenticate true\nspark.authenticate.secret %s\nspark.master.rest.enabled false\n' \
      "$secret" >"$dir/spark-cluster.conf"
  )
  chmod 600 "$dir/spark-cluster.conf"

  local opts=()
  while read -r line; do
    [ -z "$line" ] || [[ "$line" == \#* ]] || [[ "$line" == -Xmx* ]] && continue
    opts+=("$line")
  done <"$home/conf/jvm.options"

  # Environment of the daemons: loopback only; the Spark home and Scala version from which the
  # Workers build the executors' command line; scratch space under the cluster directory.
  export SPARK_HOME="$dir/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 \
    SPARK_LOCAL_DIRS="$dir/local" SPARK_CONF_DIR="$dir/spark-home/conf"
  local cp="$dir/spark-home/jars/*"
  : >"$dir/pids"

  nohup java -Xmx512m "${opts[@]}" -cp "$cp" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port 0 --webui-port 0 --properties-file "$dir/spark-cluster.conf" \
    >"$dir/logs/master.log" 2>&1 </dev/null &
  echo "master $!" >>"$dir/pids"
  local master_pid=$!

  local url=""
  for _ in $(seq 1 120); do
    url="$(grep -o 'Starting Spark master at spark://[0-9.:]*' "$dir/logs/master.log" 2>/dev/null \
      | head -n 1 | sed 's/.* at //' || true)"
    [ -n "$url" ] && break
    alive "$master_pid" || break
    sleep 0.5
  done
  if [ -z "$url" ]; then
    tail -n 20 "$dir/logs/master.log" >&2 || true
    stop >/dev/null
    echo "cluster.sh: the master did not start (log: $dir/logs/master.log)" >&2
    exit 1
  fi
  echo "$url" >"$dir/master-url"

  for k in $(seq 1 "$workers"); do
    mkdir -p "$dir/work/worker-$k"
    nohup java -Xmx512m "${opts[@]}" -cp "$cp" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --port 0 --webui-port 0 --cores "$cores" --memory "$memory" \
      --work-dir "$dir/work/worker-$k" --properties-file "$dir/spark-cluster.conf" "$url" \
      >"$dir/logs/worker-$k.log" 2>&1 </dev/null &
    echo "worker-$k $!" >>"$dir/pids"
  done

  local registered=0
  for _ in $(seq 1 240); do
    registered="$(grep -c 'Registering worker' "$dir/logs/master.log" 2>/dev/null || true)"
    [ "$registered" -ge "$workers" ] && break
    sleep 0.5
  done
  if [ "$registered" -lt "$workers" ]; then
    stop >/dev/null
    echo "cluster.sh: only $registered of $workers workers registered (logs: $dir/logs/)" >&2
    exit 1
  fi
  echo "$url"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  status) status ;;
  stop) stop ;;
  *) die "$usage" ;;
esac
