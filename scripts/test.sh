#!/usr/bin/env bash
# Runs every test: unit tests (Surefire, `test` phase) and the tests tagged `integration` and `slow`
# (Failsafe, `verify` phase). Installs what the tests need first: the project-local Python environment
# (.venv, pinned in scripts/requirements-test.txt) used to cross-check against numpy, and headless Chromium
# for the status page's browser test (scripts/browser-env.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/python-env.sh
scripts/browser-env.sh
export OMP_WAIT_POLICY=PASSIVE
exec mvn -B verify "$@"
