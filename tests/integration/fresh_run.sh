#!/usr/bin/env bash
# The README's first command on a machine that has only what `scripts/install-deps native` installs.
# In a private mount namespace, every test-only and web-only dependency is hidden behind an empty
# folder (Catch2's headers, Emscripten, node's modules, the Dear ImGui source, the browser test's
# modules) or a file that fails (redis-server, chromium), and apt-get itself is replaced by a
# command that fails, so install-deps must find the native packages already installed. Then
# `scripts/run` builds into a fresh tree of its own and must print the seed-002 projection
# (691,200 commands), and that tree must have no Catch2 include path.
# Needs root (unshare -m, bind mounts); otherwise it says why and skips (exit 0).
# Usage: tests/integration/fresh_run.sh [BUILD_DIR]   (default: build/fresh-run, wiped first)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build/fresh-run}

if [ "${REDCAST_FRESH_RUN_INSIDE:-}" != 1 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "fresh_run: SKIPPED: needs root (unshare -m and bind mounts hide the test and web dependencies)" >&2
    exit 0
  fi
  if ! command -v unshare >/dev/null 2>&1 || ! unshare -m true 2>/dev/null; then
    echo "fresh_run: SKIPPED: this machine cannot make a private mount namespace (unshare -m)" >&2
    exit 0
  fi
  rm -rf "$build"
  echo "== fresh run: scripts/run with the test and web dependencies hidden (build tree $build)" >&2
  REDCAST_FRESH_RUN_INSIDE=1 exec unshare -m --propagation private "$0" "$build"
fi

# --- inside the private mount namespace
empty=$(mktemp -d)
fail=$(mktemp)
err=$(mktemp)
printf '#!/bin/sh\necho "fresh_run: $0 was called: scripts/run needs a test-only or web-only tool, or tried to install a package" >&2\nexit 97\n' >"$fail"
chmod +x "$fail"
hidden=()
hide_dir() { if [ -d "$1" ]; then mount --bind "$empty" "$1"; hidden+=("$1"); fi; }
hide_cmd() { if [ -e "$1" ]; then mount --bind "$fail" "$1"; hidden+=("$1"); fi; }
hide_dir /usr/include/catch2
hide_dir /usr/share/emscripten
hide_dir /usr/share/nodejs
hide_dir /usr/lib/chromium
hide_dir "$here/build/third_party"
hide_dir "$here/tests/web/node_modules"
for c in redis-server redis-cli chromium emcc em++ node npm apt-get apt; do
  p=$(command -v "$c" 2>/dev/null || true)
  [ -n "$p" ] && hide_cmd "$(readlink -f "$p")"
done
echo "fresh_run: hidden: ${hidden[*]}" >&2
[ ! -e /usr/include/catch2/catch.hpp ] || { echo "fresh_run: FAIL: could not hide Catch2" >&2; exit 1; }

out=$(REDCAST_RUN_BUILD_DIR="$build" "$here/scripts/run" 2>"$err") || {
  rc=$?
  echo "fresh_run: FAIL: scripts/run exited $rc with the test and web dependencies hidden:" >&2
  cat "$err" >&2
  exit 1
}
if grep -q 'install-deps: installing' "$err"; then
  echo "fresh_run: FAIL: install-deps tried to install packages:" >&2
  cat "$err" >&2
  exit 1
fi
if ! grep -q '691,200' <<<"$out"; then
  echo "fresh_run: FAIL: the projection does not show 691,200 commands:" >&2
  printf '%s\n' "$out" | head -40 >&2
  exit 1
fi
if grep -q 'REDCAST_TESTS:BOOL=ON' "$build/CMakeCache.txt" || grep -qi 'catch2' "$build/compile_commands.json"; then
  echo "fresh_run: FAIL: the run build has the tests or a Catch2 include path" >&2
  exit 1
fi
rm -f "$err" "$fail"
rmdir "$empty" 2>/dev/null || true
echo "fresh_run: ok: scripts/run projects seed-002 (691,200 commands) with only the native packages" >&2
