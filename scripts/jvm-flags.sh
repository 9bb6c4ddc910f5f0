#!/usr/bin/env bash
# JVM settings of the launch scripts (sourced). The code sets its own defaults for the rest (JavaCPP cache and
# off-heap limits, a quiet ND4J: dev.ember.ml.core.runtime.NativeDefaults); docs/GettingStarted.md lists them.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
# What the scripts add to bin/ember's own options (which add the Vector API module, Aeron's export and the log
# format): a larger heap for sweeps, and the native libraries cached in the checkout, shared with the tests.
EMBER_SCRIPT_JAVA_OPTS="-Xmx4g -Dorg.bytedeco.javacpp.cachedir=$root/.cache/javacpp"
# Everything, for a java command of your own on Ember's classpath.
EMBER_JVM_FLAGS=(
  -Xmx4g
  --add-modules jdk.incubator.vector
  --add-exports java.base/jdk.internal.misc=ALL-UNNAMED
  "-Dorg.bytedeco.javacpp.cachedir=$root/.cache/javacpp"
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
)
