# Shared by the benchmark scripts that run classes of src/test/java/org/byzspark/bench; sourced,
# with the project's top directory as the working directory (not run by itself).
#
#   bench_classpath FILE      builds the test classes when FILE (a path under target/test-classes)
#                             is missing or older than a source file, and the test dependencies'
#                             class path (target/bench/test.classpath) when it is missing or older
#                             than pom.xml; sets BENCH_CP to the test classes, the classes and that
#                             class path. Maven's output goes to standard error.
#   bench_launcher_settings   sets BENCH_JVM to the JVM options of conf/jvm.options and BENCH_PROPS
#                             to the settings of conf/spark-defaults.conf as -D options, as the
#                             launcher (scripts/byzspark) gives them to a run.

bench_classpath() {
  local cpfile=target/bench/test.classpath
  mkdir -p target/bench
  if [[ ! -f $1 || -n "$(find src -newer "$1" -name '*.java' | head -1)" ]]; then
    mvn -o -q -B -Dstyle.color=never test-compile >&2
  fi
  if [[ ! -f $cpfile || pom.xml -nt $cpfile ]]; then
    mvn -o -q -B -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$cpfile" >/dev/null
  fi
  BENCH_CP="target/test-classes:target/classes:$(cat "$cpfile")"
}

bench_launcher_settings() {
  BENCH_JVM=()
  BENCH_PROPS=()
  local l k v
  while read -r l; do [[ -z $l || $l == \#* ]] || BENCH_JVM+=("$l"); done < conf/jvm.options
  while read -r k v; do [[ -z $k || $k == \#* ]] || BENCH_PROPS+=("-D$k=$v"); done < conf/spark-defaults.conf
}
