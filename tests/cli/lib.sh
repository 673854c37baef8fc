# Shared by the CLI test scripts: a scratch folder, pass/fail counters, and the two checks.
# Sourced after `bin` and `root` are set; `cd`s to the repository's root.
cd "$root"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() {  # name, condition result (0 = ok)
  if [ "$2" -eq 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1" >&2; fi
}
expect_code() {  # name, expected code, command...: stdout in $tmp/out, stderr in $tmp/err
  local name=$1 want=$2; shift 2
  "$@" > "$tmp/out" 2> "$tmp/err"
  local got=$?
  [ "$got" -eq "$want" ]; check "$name (exit $got, want $want)" $?
}
