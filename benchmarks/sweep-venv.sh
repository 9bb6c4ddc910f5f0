#!/usr/bin/env bash
# Creates <repo>/.venv-bench-sweep with the pinned Optuna the sweep-quality workload compares Ember's TPE with
# (benchmarks/requirements-sweep.txt); re-installs when that file changes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv-bench-sweep"
req="$root/benchmarks/requirements-sweep.txt"
if [[ ! -x "$venv/bin/python" ]]; then
  python3 -m venv "$venv"
fi
if ! cmp -s "$req" "$venv/requirements.installed" 2>/dev/null; then
  "$venv/bin/pip" install -q -r "$req"
  cp "$req" "$venv/requirements.installed"
fi
echo "$venv/bin/python"
