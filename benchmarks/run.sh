#!/usr/bin/env bash
# Builds the benchmarks module and runs BenchmarkRunner: Ember vs Spark MLlib local mode, in one JVM.
# Arguments go to the runner (--help lists them); RESULTS.md is updated unless --no-results is given.
#
#   benchmarks/run.sh                          # every workload, 3 repetitions, updates benchmarks/RESULTS.md
#   benchmarks/run.sh --workloads parquet-cache --reps 5
#   BENCH_SKIP_BUILD=1 benchmarks/run.sh ...   # reuse the last build
#
# Environment: BENCH_HEAP (default 8g), BENCH_JAVA_OPTS (extra JVM flags), MVN_ARGS (extra Maven flags, e.g. -o).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
cd "$ROOT"

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  # ml-core, ml-algorithms and the module itself; package writes target/classpath.txt (the runtime classpath).
  # shellcheck disable=SC2086
  mvn -B -q -Pbench -pl benchmarks -am -DskipTests ${MVN_ARGS:-} package
fi
if [[ ! -f "$BENCH_DIR/target/classpath.txt" ]]; then
  echo "run.sh: $BENCH_DIR/target/classpath.txt is missing; run without BENCH_SKIP_BUILD=1 first" >&2
  exit 1
fi

# Run from a private copy of this module's classes and of the reactor modules' jars (ml-core, ml-algorithms): a
# concurrent build of the same tree rewrites those jars in place, and a JVM that has one open then fails with
# NoClassDefFoundError. Libraries from the local Maven repository are used where they are.
SNAPSHOT="$(mktemp -d "$BENCH_DIR/target/run-bench.XXXXXX")"
trap 'rm -rf "$SNAPSHOT"' EXIT
cp -r "$BENCH_DIR/target/classes" "$SNAPSHOT/classes"
CLASSPATH_RUN="$SNAPSHOT/classes"
IFS=: read -ra CP_ENTRIES < "$BENCH_DIR/target/classpath.txt" || true  # no final newline
for entry in "${CP_ENTRIES[@]}"; do
  if [[ "$entry" == "$ROOT"/* ]]; then
    cp "$entry" "$SNAPSHOT/"
    entry="$SNAPSHOT/$(basename "$entry")"
  fi
  CLASSPATH_RUN="$CLASSPATH_RUN:$entry"
done

# Python peers of the feature-store workloads (DuckDB, pandas, pyarrow): the project's pinned .venv, brought up
# to date by the same script the tests use (idempotent).
"$ROOT/scripts/python-env.sh"

# Python peers of the tree workload (LightGBM, XGBoost): a pinned venv of their own, made on first use.
if [[ -z "${BENCH_PYTHON:-}" ]]; then
  REQ="$BENCH_DIR/python/requirements-bench.txt"
  if [[ ! -x "$ROOT/.venv-bench/bin/python" ]] || ! cmp -s "$REQ" "$ROOT/.venv-bench/requirements-bench.txt"; then
    python3 -m venv "$ROOT/.venv-bench" && "$ROOT/.venv-bench/bin/pip" install -q -r "$REQ" \
      && cp "$REQ" "$ROOT/.venv-bench/requirements-bench.txt"
  fi
fi

# Spark 4 on Java 17: the module flags of Spark's own launcher (org.apache.spark.launcher.JavaModuleOptions).
SPARK_FLAGS=(
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false
  -Dio.netty.tryReflectionSetAccessible=true
)

# ND4J: off-heap limits (the default, 4 x heap, counts the whole process) and the native-library cache.
ND4J_FLAGS=(
  -Dorg.bytedeco.javacpp.maxphysicalbytes=20g
  -Dorg.bytedeco.javacpp.maxbytes=16g
  "-Dorg.bytedeco.javacpp.cachedir=$ROOT/.cache/javacpp"
)

COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ "$COMMIT" != unknown && -n "$(git -C "$ROOT" status --porcelain 2>/dev/null)" ]]; then
  COMMIT="$COMMIT-dirty"
fi
COMMAND="benchmarks/run.sh"
if (($# > 0)); then
  COMMAND="$COMMAND $(printf '%q ' "$@")"
  COMMAND="${COMMAND% }"
fi

export OMP_WAIT_POLICY=PASSIVE   # about 1.7x faster ND4J on 2 cores
export SPARK_LOCAL_IP=127.0.0.1  # Spark binds to loopback only

# shellcheck disable=SC2086
java \
  "-Xmx${BENCH_HEAP:-8g}" \
  --add-modules jdk.incubator.vector \
  --add-exports java.base/jdk.internal.misc=ALL-UNNAMED \
  "${SPARK_FLAGS[@]}" \
  "${ND4J_FLAGS[@]}" \
  "-Dbench.home=$BENCH_DIR" \
  "-Dbench.command=$COMMAND" \
  "-Dbench.commit=$COMMIT" \
  ${BENCH_JAVA_OPTS:-} \
  -cp "$CLASSPATH_RUN" \
  dev.ember.ml.bench.BenchmarkRunner "$@"
