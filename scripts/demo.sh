#!/usr/bin/env bash
# Runs the demo: a pipeline trained on a real dataset (breast_cancer.csv), in-process.
# Needs only a JDK 17 and Maven; builds the distribution the first time (and when sources change), then starts
# from it without Maven.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source scripts/jvm-flags.sh
source scripts/dist.sh
export EMBER_JAVA_OPTS="$EMBER_SCRIPT_JAVA_OPTS ${EMBER_JAVA_OPTS:-}"
EMBER_MAIN_CLASS=dev.ember.ml.examples.QuickstartPipeline exec "$EMBER_DIST/bin/ember" "$@"
