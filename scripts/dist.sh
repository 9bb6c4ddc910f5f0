#!/usr/bin/env bash
# Sourced by scripts/ember and scripts/demo.sh: sets EMBER_DIST to the unpacked distribution
# (distribution/target/ember-VERSION: bin/ember, lib/), building it first only when it is missing or a source
# (a pom.xml, src/main of a module, distribution/src) is newer than its last build, or EMBER_REBUILD=1.
# Builds with `mvn package` (never install); EMBER_MVN_FLAGS adds Maven options (e.g. -o).
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ember_version="$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -1)"
EMBER_DIST="$root/distribution/target/ember-$ember_version"
ember_stamp="$root/distribution/target/.sources-built"

ember_dist_stale() {
  [[ "${EMBER_REBUILD:-0}" == "1" || ! -f "$ember_stamp" || ! -x "$EMBER_DIST/bin/ember" ]] && return 0
  [[ -n "$(find "$root/pom.xml" "$root"/*/pom.xml "$root"/*/src/main "$root/distribution/src" \
    -newer "$ember_stamp" -print -quit 2>/dev/null)" ]]
}

if ember_dist_stale; then
  echo "ember: building the distribution (distribution/target/ember-$ember_version); later runs start from it" >&2
  mkdir -p "$root/distribution/target"
  touch "$ember_stamp.next"   # a source saved while Maven runs stays newer than this build
  # shellcheck disable=SC2086  # EMBER_MVN_FLAGS is a list of options
  (cd "$root" && mvn -B -q -DskipTests -Dember.skipTarball=true ${EMBER_MVN_FLAGS:-} package -pl distribution -am) >&2
  mv "$ember_stamp.next" "$ember_stamp"
fi
