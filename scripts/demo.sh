#!/usr/bin/env bash
# Runs the demo: a pipeline trained on a real dataset (breast_cancer.csv), in-process.
# Needs only a JDK 17 and Maven; builds what it needs first.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source scripts/jvm-flags.sh
mvn -B -q -DskipTests install -pl examples -am
mvn -B -q -pl examples dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
cp="examples/target/classes:$(cat examples/target/classpath.txt)"
exec java "${EMBER_JVM_FLAGS[@]}" -cp "$cp" dev.ember.ml.examples.QuickstartPipeline "$@"
