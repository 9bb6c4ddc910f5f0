#!/usr/bin/env bash
# Creates <repo>/.venv-bench-feast with the pinned Feast the point-in-time join workload compares Ember's feature
# store with (benchmarks/python/requirements-feast.txt: Feast and everything it resolved to, frozen); re-installs
# when that file changes. Feast pins its own pandas/pyarrow ranges, so it gets a venv of its own.
exec "$(dirname "${BASH_SOURCE[0]}")/peer-venv.sh" .venv-bench-feast benchmarks/python/requirements-feast.txt
