#!/usr/bin/env bash
# Builds the benchmarks module and runs the JMH micro-benchmarks of the loss kernels (dev.ember.ml.bench.jmh),
# then writes their summary into the "Micro-benchmarks" section of benchmarks/RESULTS.md.
#
#   benchmarks/jmh.sh                                  # all, short settings: -f 2 -wi 3 -i 5 -w 1s -r 1s -prof gc
#   benchmarks/jmh.sh LossKernelBenchmark.binary       # a regex of benchmarks, same settings
#   benchmarks/jmh.sh -p elementType=float -f 1        # any JMH option; given ones replace the defaults
#   benchmarks/jmh.sh --no-results ...                 # print only, RESULTS.md untouched
#   BENCH_SKIP_BUILD=1 benchmarks/jmh.sh ...           # reuse the last build
#
# The forked JVMs inherit this JVM's flags (JMH's default): the Vector API module and ND4J's off-heap settings.
# The scalar logistic benchmark adds -Dember.vector.disable=true to its own forks.
# Environment: JMH_HEAP (default 2g), BENCH_JAVA_OPTS (extra JVM flags), MVN_ARGS (extra Maven flags, e.g. -o).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
cd "$ROOT"

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  # shellcheck disable=SC2086
  mvn -B -q -Pbench -pl benchmarks -am -DskipTests ${MVN_ARGS:-} package
fi
if [[ ! -f "$BENCH_DIR/target/classpath.txt" ]]; then
  echo "jmh.sh: $BENCH_DIR/target/classpath.txt is missing; run without BENCH_SKIP_BUILD=1 first" >&2
  exit 1
fi

# Run from a private copy of this module's classes and of the reactor modules' jars (ml-core, ml-algorithms): a
# concurrent build of the same tree rewrites those jars in place, and a JVM that has one open then fails with
# NoClassDefFoundError. Libraries from the local Maven repository are used where they are.
SNAPSHOT="$(mktemp -d "$BENCH_DIR/target/run-jmh.XXXXXX")"
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

# Short settings unless the caller gave that option.
declare -A DEFAULTS=([-f]=2 [-wi]=3 [-i]=5 [-w]=1s [-r]=1s [-prof]=gc)
ARGS=("$@")
for opt in -f -wi -i -w -r -prof; do
  given=0
  for a in "${ARGS[@]+"${ARGS[@]}"}"; do
    [[ "$a" == "$opt" ]] && given=1
  done
  if ((given == 0)); then
    ARGS+=("$opt" "${DEFAULTS[$opt]}")
  fi
done

COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ "$COMMIT" != unknown && -n "$(git -C "$ROOT" status --porcelain 2>/dev/null)" ]]; then
  COMMIT="$COMMIT-dirty"
fi
COMMAND="benchmarks/jmh.sh"
if (($# > 0)); then
  COMMAND="$COMMAND $(printf '%q ' "$@")"
  COMMAND="${COMMAND% }"
fi

export OMP_WAIT_POLICY=PASSIVE

# shellcheck disable=SC2086
java \
  "-Xmx${JMH_HEAP:-2g}" \
  --add-modules jdk.incubator.vector \
  -Dorg.bytedeco.javacpp.maxphysicalbytes=8g \
  -Dorg.bytedeco.javacpp.maxbytes=6g \
  "-Dorg.bytedeco.javacpp.cachedir=$ROOT/.cache/javacpp" \
  "-Dbench.home=$BENCH_DIR" \
  "-Dbench.command=$COMMAND" \
  "-Dbench.commit=$COMMIT" \
  ${BENCH_JAVA_OPTS:-} \
  -cp "$CLASSPATH_RUN" \
  dev.ember.ml.bench.jmh.MicroBenchmarks "${ARGS[@]}"
