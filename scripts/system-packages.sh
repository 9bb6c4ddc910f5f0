#!/usr/bin/env bash
# Installs the Debian packages the integration tests run for real, when missing and when this user can:
#   prometheus (2.42 in bookworm; also brings promtool): the monitoring test starts a real Prometheus, scrapes
#   a driver and executors during a fit, and runs `promtool test rules` over deploy/monitoring/rules.
# CI runs as root on a fresh machine; elsewhere it only says what is missing.
set -euo pipefail
missing=()
command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
if (( ${#missing[@]} == 0 )); then
  exit 0
fi
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # the package starts a Prometheus service on :9090 where systemd runs; the tests start their own
  if command -v systemctl >/dev/null 2>&1; then systemctl stop prometheus >/dev/null 2>&1 || true; fi
  echo "system-packages: installed ${missing[*]}"
else
  echo "system-packages: missing ${missing[*]} (apt-get install ${missing[*]} as root); the tests that need them fail" >&2
fi
