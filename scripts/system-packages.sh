#!/usr/bin/env bash
# Installs the Debian packages the integration tests run for real, when missing, in one apt-get run:
#   prometheus (2.42 in bookworm; also brings promtool): the monitoring test starts a real Prometheus, scrapes
#     a driver and executors during a fit, and runs `promtool test rules` over deploy/monitoring/rules;
#   chromium and chromium-driver: the status page's browser test (StatusPageBrowserTest) drives headless
#     Chromium through its WebDriver.
# Needs root (or sudo) for apt-get; CI runs as root on a fresh machine. Without either, it says what is missing
# and the tests that need it fail.
set -euo pipefail
missing=()
command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
if (( ${#missing[@]} == 0 )); then
  exit 0
fi
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo -n"
  else
    echo "system-packages: missing ${missing[*]} (apt-get install ${missing[*]} as root); the tests that need" \
      "them fail" >&2
    exit 0
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-packages: missing ${missing[*]} and no apt-get here; install them with this system's packages" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# the prometheus package starts a service on :9090 where systemd runs; the tests start their own
if command -v systemctl >/dev/null 2>&1; then $sudo systemctl stop prometheus >/dev/null 2>&1 || true; fi
echo "system-packages: installed ${missing[*]}"
