#!/usr/bin/env bash
# Installs what the status page's browser test needs (StatusPageBrowserTest): Chromium and its WebDriver from
# Debian's packages, when missing. Run by scripts/test.sh; needs root (or sudo) for apt-get.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "browser-env: chromium and chromium-driver are missing and this is not root; install them:" >&2
    echo "  apt-get install chromium chromium-driver" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get install -y --no-install-recommends chromium chromium-driver; then
  $sudo apt-get update
  $sudo apt-get install -y --no-install-recommends chromium chromium-driver
fi
