#!/usr/bin/env bash
# The native CLI and the wasm build (run under node) must print byte-identical projection JSON for
# every shipped scenario: one core, the same numbers in the terminal and in the browser.
# Usage: tests/integration/native-vs-wasm.sh NATIVE_REDCAST WASM_REDCAST_PROJECT_JS [ROOT]
#   NATIVE_REDCAST           the native `redcast` binary (runs `project --format json FILE`)
#   WASM_REDCAST_PROJECT_JS  redcast_project.js from the web build (web/project_main.cpp)
#   ROOT                     the repository (default: two levels above this script)
# Exits 0 when all agree, 1 on any difference (the first differing lines are shown), 77 (skipped)
# when the native binary is missing.
set -uo pipefail
native=${1:?usage: native-vs-wasm.sh NATIVE_REDCAST WASM_REDCAST_PROJECT_JS [ROOT]}
wasm=${2:?usage: native-vs-wasm.sh NATIVE_REDCAST WASM_REDCAST_PROJECT_JS [ROOT]}
root=${3:-$(cd "$(dirname "$0")/../.." && pwd)}
node=${NODE:-node}

if [ ! -x "$native" ]; then
  echo "native-vs-wasm: skipped: no native redcast at $native (build the release preset first)" >&2
  exit 77
fi
[ -f "$wasm" ] || { echo "native-vs-wasm: no wasm tool at $wasm" >&2; exit 1; }

cd "$root"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
while IFS= read -r f; do
  "$native" project --format json "$f" >"$tmp/native.json" 2>"$tmp/native.err"
  nrc=$?
  "$node" --no-experimental-fetch --stack-size=8192 "$wasm" "$f" >"$tmp/wasm.json" 2>"$tmp/wasm.err"
  wrc=$?
  if [ "$nrc" -ne 0 ] || [ "$wrc" -ne 0 ]; then
    echo "FAIL $f: exit codes native $nrc, wasm $wrc"
    sed 's/^/  native: /' "$tmp/native.err" | head -5
    sed 's/^/  wasm:   /' "$tmp/wasm.err" | head -5
    fail=$((fail + 1))
  elif cmp -s "$tmp/native.json" "$tmp/wasm.json"; then
    echo "ok   $f ($(wc -c <"$tmp/native.json") bytes)"
    pass=$((pass + 1))
  else
    echo "FAIL $f: native and wasm projections differ"
    diff -u "$tmp/native.json" "$tmp/wasm.json" | sed -n '3,40p' | sed 's/^/  /'
    fail=$((fail + 1))
  fi
done < <(find scenarios -name '*.json' | LC_ALL=C sort)
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
