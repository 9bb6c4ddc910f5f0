#!/usr/bin/env bash
# JVM flags for running Ember programs (sourced by the launch scripts). ND4J's native memory limits count the
# whole process; its native libraries unpack once into a project-local cache instead of the home directory.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export OMP_WAIT_POLICY=PASSIVE
EMBER_JVM_FLAGS=(
  -Xmx4g
  --add-modules jdk.incubator.vector
  --add-exports java.base/jdk.internal.misc=ALL-UNNAMED
  -Dorg.bytedeco.javacpp.maxphysicalbytes=16g
  -Dorg.bytedeco.javacpp.maxbytes=12g
  "-Dorg.bytedeco.javacpp.cachedir=$root/.cache/javacpp"
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
)
