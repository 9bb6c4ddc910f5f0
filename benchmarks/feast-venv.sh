#!/usr/bin/env bash
# Creates <repo>/.venv-bench-feast with the pinned Feast the point-in-time join workload compares Ember's feature
# store with (benchmarks/python/requirements-feast.txt: Feast and everything it resolved to, frozen); re-installs
# when that file changes. Feast pins its own pandas/pyarrow ranges, so it gets a venv of its own.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv-bench-feast"
req="$root/benchmarks/python/requirements-feast.txt"
if [[ ! -x "$venv/bin/python" ]]; then
  python3 -m venv "$venv"
fi
if ! cmp -s "$req" "$venv/requirements.installed" 2>/dev/null; then
  "$venv/bin/pip" install -q -r "$req"
  cp "$req" "$venv/requirements.installed"
fi
echo "$venv/bin/python"
