#!/usr/bin/env bash
# Installs what the browser and interoperability tests need, once: Debian's Chromium (never a
# downloaded browser) and the npm packages of tests/browser (playwright-core, ws).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if [ ! -x /usr/bin/chromium ]; then
  echo "test-deps: installing Debian's chromium..." >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >&2
fi

command -v node >/dev/null 2>&1 || { echo "test-deps: Node.js is needed for the interop tests" >&2; exit 1; }
browser="$root/tests/browser"
if [ ! -d "$browser/node_modules" ] || [ "$browser/package-lock.json" -nt "$browser/node_modules" ]; then
  echo "test-deps: installing npm packages of tests/browser..." >&2
  (cd "$browser" && npm ci --no-audit --no-fund --loglevel=error) >&2
  touch "$browser/node_modules"
fi
