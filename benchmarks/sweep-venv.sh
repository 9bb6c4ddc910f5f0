#!/usr/bin/env bash
# Creates <repo>/.venv-bench-sweep with the pinned Optuna the sweep workloads compare Ember's sweeps with
# (benchmarks/requirements-sweep.txt); re-installs when that file changes. Prints the venv's python.
exec "$(dirname "${BASH_SOURCE[0]}")/peer-venv.sh" .venv-bench-sweep benchmarks/requirements-sweep.txt
