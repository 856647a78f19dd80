#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine of this kind:
# mosquitto (the real broker the tests start), mosquitto-clients (mosquitto_pub and
# mosquitto_sub, the raw device in tests/tests/content_types.rs), chromium (the browser test),
# g++ (the fuzzers' libFuzzer runtime), and the
# npm packages pinned in package-lock.json (tsc 5.9 and 7, mqtt, prettier, vite, ...).
# Idempotent: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
command -v mosquitto_pub >/dev/null 2>&1 && command -v mosquitto_sub >/dev/null 2>&1 || missing+=(mosquitto-clients)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
# libFuzzer's runtime (built by the libfuzzer-sys crate for scripts/fuzz.sh) is C++.
command -v g++ >/dev/null 2>&1 || missing+=(g++)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing: ${missing[*]}; run: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm ci only when the lock file changed since the last install (it wipes node_modules).
if [ -f package-lock.json ]; then
  stamp=node_modules/.package-lock.json
  if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
    npm ci --no-audit --no-fund
  fi
fi
for lock in examples/*/frontend/package-lock.json; do
  [ -f "$lock" ] || continue
  dir=$(dirname "$lock")
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$lock" -nt "$dir/node_modules/.package-lock.json" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund)
  fi
done
