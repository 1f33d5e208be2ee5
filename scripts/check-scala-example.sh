#!/usr/bin/env bash
# Compiles examples/scala/estimator.scala with the Scala 2.13 compiler as the body of a program
# that defines `spark` as spark-shell does, and runs it on Spark local against a generated Parquet
# table: the spark-shell example checked without a Spark distribution (the same Spark, Scala and
# class path as the build). Needs `mvn -q test-compile` first (target/classes and test-classes);
# fetches org.scala-lang:scala-compiler of Spark's Scala version into the Maven repository.
#
#   scripts/check-scala-example.sh [WORKDIR]     (default: target/scala-example)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
work=${1:-target/scala-example}
mkdir -p "$work/classes"
mvn -q dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null
cp=$(cat "$work/cp.txt")
lib=$(tr ':' '\n' <"$work/cp.txt" | grep '/scala-library-2\.13\.' | head -1)
version=$(basename "$lib" .jar | sed 's/scala-library-//')
repo=$(dirname "$(dirname "$(dirname "$lib")")")
compiler="$repo/scala-compiler/$version/scala-compiler-$version.jar"
reflect="$repo/scala-reflect/$version/scala-reflect-$version.jar"
if [ ! -f "$compiler" ] || [ ! -f "$reflect" ]; then
  mvn -q dependency:get -Dartifact="org.scala-lang:scala-compiler:$version" >/dev/null
fi
{
  echo 'object EstimatorScript {'
  echo '  def main(args: Array[String]): Unit = {'
  echo '    val spark = org.apache.spark.sql.SparkSession.builder().master("local[2]")'
  echo '      .config("spark.ui.enabled", "false").config("spark.byzspark.input", args(0))'
  echo '      .config("spark.byzspark.modelDir", args(1)).getOrCreate()'
  echo '    import spark.implicits._'
  cat examples/scala/estimator.scala
  echo '  }'
  echo '}'
} >"$work/EstimatorScript.scala"
java -cp "$compiler:$reflect:$lib" scala.tools.nsc.Main -usejavacp \
  -classpath "target/classes:$cp" -d "$work/classes" "$work/EstimatorScript.scala"
opens=$(sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' pom.xml)
# the input: the blobs of the tests (three classes, four columns), written by the test helper
java $opens -cp "target/classes:target/test-classes:$cp" org.byzspark.ml.ExampleData \
  "$work/blobs.parquet"
java $opens -cp "$work/classes:target/classes:$cp" EstimatorScript \
  "$work/blobs.parquet" "$work/model" 2>"$work/stderr.log" | tee "$work/stdout.log"
grep -q '^best cwtm$' "$work/stdout.log"
grep -q '^same predictions after load true$' "$work/stdout.log"
echo "check-scala-example: examples/scala/estimator.scala ran (Scala $version)"
