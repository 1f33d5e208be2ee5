#!/usr/bin/env bash
# Installs ByzSpark's Java Jupyter kernel into target/jupyter (git-ignored), for
# notebooks/estimator.ipynb: fetches its dependency through Maven with strict checksums
# (org.dflib.jjava:jjava-jupyter, the Jupyter protocol; scripts/jvm-kernel/pom.xml), compiles
# scripts/jvm-kernel/JShellKernel.java, and writes the kernelspec
# target/jupyter/kernels/byzspark-java/kernel.json. The kernel's JVM runs on ByzSpark's class path
# (target/classes and the runtime dependencies, from `mvn dependency:build-classpath`), so the
# notebook's Java code sees ByzSpark and Spark. Nothing is installed system-wide: Jupyter finds
# the kernel with
#
#   JUPYTER_PATH=target/jupyter jupyter ...   --kernel byzspark-java
#
#   scripts/jvm-kernel.sh         (compiles ByzSpark first if target/classes is missing)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"
out="$root/target/jupyter"
mkdir -p "$out/classes" "$out/kernels/byzspark-java"

# the kernel: its dependency (checksums checked, a mismatch fails) and its one class
mvn -B -q -Dstyle.color=never -C -f scripts/jvm-kernel/pom.xml dependency:build-classpath \
  -Dmdep.outputFile="$out/kernel.classpath" >/dev/null
javac -nowarn -d "$out/classes" -cp "$(cat "$out/kernel.classpath")" \
  scripts/jvm-kernel/JShellKernel.java

# what the notebook's code runs against: ByzSpark's classes and runtime dependencies
[ -d target/classes/org/byzspark ] || mvn -B -q -Dstyle.color=never -DskipTests compile
mvn -B -q -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$out/project.classpath" >/dev/null

# Spark's log to a file, not into the cells' output
cat >"$out/log4j2.properties" <<LOG
rootLogger.level = warn
rootLogger.appenderRef.file.ref = file
appender.file.type = File
appender.file.name = file
appender.file.fileName = $out/kernel.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
LOG

opens=$(sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' pom.xml)
cp="$out/classes:$(cat "$out/kernel.classpath"):$root/target/classes:$(cat "$out/project.classpath")"
java_bin="$(command -v java)"
# shellcheck disable=SC2086
/usr/bin/python3 - "$out/kernels/byzspark-java/kernel.json" "$java_bin" "$cp" \
  "$out/log4j2.properties" $opens <<'PY'
import json, sys
path, java, cp, log4j, *opens = sys.argv[1:]
argv = [java, "-Xmx3g", *opens, "-Dlog4j2.configurationFile=" + log4j,
        "-cp", cp, "JShellKernel", "{connection_file}"]
spec = {"argv": argv, "display_name": "Java (ByzSpark)", "language": "java",
        "interrupt_mode": "message"}
with open(path, "w") as f:
    json.dump(spec, f, indent=1)
PY
echo "jvm-kernel: kernelspec byzspark-java in target/jupyter/kernels (JUPYTER_PATH=target/jupyter)"
