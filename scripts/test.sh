#!/usr/bin/env bash
# Runs every test: unit tests (Surefire, `test` phase) and the tests tagged `integration` and `slow`
# (Failsafe, `verify` phase). Installs what the tests need first: the project-local Python environment
# (.venv, pinned in scripts/requirements-test.txt) used to cross-check against numpy, and the Debian packages
# the integration tests run (scripts/system-packages.sh: Prometheus, headless Chromium and its WebDriver).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/python-env.sh
scripts/system-packages.sh
export OMP_WAIT_POLICY=PASSIVE
exec mvn -B verify "$@"
