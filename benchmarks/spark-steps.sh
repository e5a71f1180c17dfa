#!/usr/bin/env bash
# What a data-parallel step on Spark costs (docs/distributed.md#measurements): for LeNet-5 (28x28) and
# ResNet-18 (CIFAR size, 32x32), at 1, 2 and 4 Spark tasks on local[N], for each gradient exchange
# (tree, reduce, barrier, sharded: measured in turn, round after round, in one Spark context), the time
# per step split into the slowest task's compute and the exchange (broadcast of the parameters, tasks,
# summing the gradients), the bytes each way, and images/s against the same batch's step in one process.
# Medians over the measured steps with their ranges; one CSV row per model, N and exchange on stdout;
# Spark's and Lamina's logs in benchmarks/target/spark-steps/.
#
#   benchmarks/spark-steps.sh [LENET_ROUNDS [RESNET_ROUNDS [STEPS]]]   (default 5 3 1)
#   EXCHANGES=tree,sharded WORKERS="2 4" MODELS=resnet18 benchmarks/spark-steps.sh
#   (build first: mvn -pl bundles/cli,spark -am package -DskipTests)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LENET_ROUNDS="${1:-5}"
RESNET_ROUNDS="${2:-3}"
STEPS="${3:-1}"
EXCHANGES="${EXCHANGES:-tree,reduce,barrier,sharded}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
export LD_PRELOAD="$JAVA_HOME/lib/libjsig.so"
# JOCL wants libOpenCL.so; the launcher's link to libOpenCL.so.1 when the -dev package is absent
[ -d "$ROOT/.lamina/native" ] && export LD_LIBRARY_PATH="$ROOT/.lamina/native${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
CP="$ROOT/bundles/cli/target/lamina.jar:$ROOT/spark/target/lamina-spark.jar:${SPARK_HOME:-$ROOT/spark/target/spark-home}/jars/*"
OPENS=(-XX:+IgnoreUnrecognizedVMOptions -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true)
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
        java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
    OPENS+=("--add-opens=java.base/$p=ALL-UNNAMED")
done
LOGS="$ROOT/benchmarks/target/spark-steps"
mkdir -p "$LOGS"
header=1
# arch, input shape, batch (the global batch: each of N tasks gets batch/N)
for spec in "lenet5 1,28,28 64 $LENET_ROUNDS" "resnet18 3,32,32 32 $RESNET_ROUNDS"; do
    set -- $spec
    case " ${MODELS:-lenet5 resnet18} " in *" $1 "*) ;; *) continue ;; esac
    for n in ${WORKERS:-1 2 4}; do
        out="$("$JAVA" -Xmx4g "${OPENS[@]}" -cp "$CP" org.lamina.spark.SparkStepTiming "local[$n]" "$n" "$1" "$2" 10 "$3" \
            "$4" "$STEPS" "$EXCHANGES" 2>"$LOGS/$1-$n.log")"
        if [ "$header" = 1 ]; then
            echo "$out" | head -1
            header=0
        fi
        echo "$out" | tail -n +2
    done
done
