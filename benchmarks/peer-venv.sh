#!/usr/bin/env bash
# Creates <repo>/<VENV> with the pinned Python peers of REQUIREMENTS (a file under the repository), re-installing
# when that file changes, and prints the venv's python. The benchmark peers that pin their own versions of numpy,
# pandas or pyarrow get a venv each: sweep-venv.sh (Optuna), feast-venv.sh (Feast).
#   benchmarks/peer-venv.sh VENV REQUIREMENTS
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/$1"
req="$root/$2"
if [[ ! -x "$venv/bin/python" ]]; then
  python3 -m venv "$venv"
fi
if ! cmp -s "$req" "$venv/requirements.installed" 2>/dev/null; then
  "$venv/bin/pip" install -q -r "$req"
  cp "$req" "$venv/requirements.installed"
fi
echo "$venv/bin/python"
