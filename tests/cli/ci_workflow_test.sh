#!/usr/bin/env bash
# The CI workflows of docs/ci.md, as commands: every script in its `github-actions` and `gitlab-ci`
# blocks that starts with "# ci-test:" is taken out of the page and run in a scratch git repository
# (a base branch and a change branch holding shipped scenarios), with the CI variables set, the built
# redcast on PATH and gh/curl replaced by recorders. Usage: ci_workflow_test.sh REDCAST ROOT
set -u
bin=$1
root=$2
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
pass=0 fail=0
check() {  # name, condition result (0 = ok)
  if [ "$2" -eq 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1" >&2; fi
}

# The scripts, one file per step: github-1.sh, github-2.sh, gitlab-1.sh.
python3 - "$root/docs/ci.md" "$tmp" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
found = {}
for info, body in re.findall(r"^```yaml (\S+)\n(.*?)^```", text, re.S | re.M):
    kind = {"github-actions": "github", "gitlab-ci": "gitlab"}[info]
    lines = body.split("\n")
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*)(?:run: \||- \|)\s*$", line)
        if not m:
            continue
        indent = len(m.group(1))
        script = []
        for nxt in lines[i + 1:]:
            if nxt.strip() and len(nxt) - len(nxt.lstrip()) <= indent:
                break
            script.append(nxt)
        first = next((l.strip() for l in script if l.strip()), "")
        if not first.startswith("# ci-test:"):
            continue
        pad = min(len(l) - len(l.lstrip()) for l in script if l.strip())
        found[kind] = found.get(kind, 0) + 1
        with open(f"{sys.argv[2]}/{kind}-{found[kind]}.sh", "w") as f:
            f.write("\n".join(l[pad:] for l in script).rstrip() + "\n")
if found != {"github": 2, "gitlab": 1}:
    sys.exit(f"ci.md: expected 2 GitHub and 1 GitLab ci-test scripts, found {found}")
EOF
check "docs/ci.md holds the tested scripts" $?
[ -s "$tmp/github-1.sh" ] && [ -s "$tmp/github-2.sh" ] && [ -s "$tmp/gitlab-1.sh" ] || { echo "ci_workflow: no scripts"; exit 1; }
# The blocks are workflows GitHub and GitLab accept in shape: YAML with the keys the jobs rely on
# (python3-yaml: scripts/install-deps test).
python3 - "$root/docs/ci.md" <<'EOF'
import re, sys, yaml
blocks = dict(re.findall(r"^```yaml (\S+)\n(.*?)^```", open(sys.argv[1]).read(), re.S | re.M))
gh = yaml.safe_load(blocks["github-actions"])
steps = gh["jobs"]["check"]["steps"]
assert gh[True]["pull_request"] and gh["permissions"]["pull-requests"] == "write", "github: trigger and permission"
assert steps[0]["uses"].startswith("actions/checkout@") and len(steps) == 4, "github: steps"
assert steps[3]["if"].startswith("always()") and "GH_TOKEN" in steps[3]["env"], "github: comment step"
gl = yaml.safe_load(blocks["gitlab-ci"])["redis-budget"]
assert gl["artifacts"]["when"] == "always" and gl["rules"][0]["if"].startswith("$CI_PIPELINE_SOURCE"), "gitlab: job"
EOF
check "docs/ci.md: both workflows parse as YAML with their keys" $?
grep -q 'redcast check scenarios/\*.json' "$tmp/github-1.sh"; check "the GitHub step runs redcast check" $?
grep -q 'redcast check scenarios/\*.json' "$tmp/gitlab-1.sh"; check "the GitLab script runs redcast check" $?

# redcast, gh and curl on PATH; gh and curl record their arguments and the body they were given.
mkdir -p "$tmp/bin"
ln -s "$bin" "$tmp/bin/redcast"
cat > "$tmp/bin/gh" <<'EOF'
#!/usr/bin/env bash
echo "gh $*" >> "$RECORD"
[ -n "${GH_FAILS:-}" ] && { echo "HTTP 403: Resource not accessible by integration" >&2; exit 1; }
all=" $* "
while [ $# -gt 0 ]; do [ "$1" = --body-file ] && cp "$2" "$RECORD.body"; shift; done
# As gh does when there is no earlier comment to edit.
case "$all" in *" --edit-last "*) [ -e "$RECORD.commented" ] || { echo "no comments found for current user" >&2; exit 1; } ;; esac
touch "$RECORD.commented"
EOF
cat > "$tmp/bin/curl" <<'EOF'
#!/usr/bin/env bash
echo "curl $*" >> "$RECORD"
while [ $# -gt 0 ]; do case "$1" in --data-urlencode) cp "${2#body@}" "$RECORD.body" ;; esac; shift; done
EOF
chmod +x "$tmp/bin/gh" "$tmp/bin/curl"
export PATH="$tmp/bin:$PATH"

# A repository whose main branch holds two fitting scenarios; `change` makes the change branch.
make_repo() {  # name, then: file-in-scenarios=shipped-scenario ... for the change branch
  local name=$1; shift
  local up="$tmp/$name-upstream" work="$tmp/$name"
  git init -q -b main "$up"
  mkdir -p "$up/scenarios"
  cp "$root/scenarios/seed-002/cron-5min.json" "$up/scenarios/merchant-hub.json"
  cp "$root/scenarios/hello.json" "$up/scenarios/hello.json"
  git -C "$up" add -A && git -C "$up" -c user.name=t -c user.email=t@t commit -qm base
  git clone -q "$up" "$work"
  git -C "$work" checkout -q -b change
  for pair in "$@"; do
    if [ -f "$root/${pair#*=}" ]; then cp "$root/${pair#*=}" "$work/scenarios/${pair%%=*}"; else printf '%s' "${pair#*=}" > "$work/scenarios/${pair%%=*}"; fi
  done
  git -C "$work" add -A && git -C "$work" -c user.name=t -c user.email=t@t commit -qm change
}
github() {  # repo dir: runs the check step, then (as `always()` with the file present) the comment step
  local dir=$1 code
  export RECORD="$dir.record" RUNNER_TEMP="$dir.runner" GITHUB_BASE_REF=main GITHUB_STEP_SUMMARY="$dir.summary" \
    GH_TOKEN=t PR_NUMBER=7
  mkdir -p "$RUNNER_TEMP"
  (cd "$dir" && bash -e "$tmp/github-1.sh") > "$dir.out" 2> "$dir.err"
  code=$?
  if [ -e "$dir/redcast-check.md" ]; then (cd "$dir" && bash -e "$tmp/github-2.sh") >> "$dir.out" 2>> "$dir.err"; fi
  return $code
}
gitlab() {  # repo dir
  local dir=$1
  export RECORD="$dir.gl.record" TMPDIR="$dir.tmp" CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main REDCAST_NOTE_TOKEN=secret \
    CI_API_V4_URL=https://gitlab.example/api/v4 CI_PROJECT_ID=42 CI_MERGE_REQUEST_IID=9
  mkdir -p "$TMPDIR"
  (cd "$dir" && bash -e "$tmp/gitlab-1.sh") > "$dir.gl.out" 2> "$dir.gl.err"
}

# 1. The change polls every minute: over the 500K budget, exit 1, the summary posted with the change.
make_repo over "merchant-hub.json=scenarios/seed-002/current.json"
github "$tmp/over"; code=$?
[ "$code" -eq 1 ]; check "GitHub: over budget exits 1 (got $code)" $?
grep -q '1 of 2 scenarios over 500,000 billable commands a month' "$tmp/over/redcast-check.md"; check "GitHub: the summary's headline" $?
grep -q '^- +553.0K commands/month from cron-poll$' "$tmp/over/redcast-check.md"; check "GitHub: +553.0K from cron-poll (552,960 = 16 x 34,560 polls)" $?
grep -q '| \*\*over\*\* | merchant-hub-current | 691,200/month | 500,000 | 138.2% | \$1.38 | cron-poll (100.0%) | +553.0K/month (+400.0%): cron-poll +553.0K |' "$tmp/over/redcast-check.md"
check "GitHub: the over row, first" $?
grep -q '^gh pr comment 7 --body-file redcast-check.md --edit-last$' "$tmp/over.record" &&
  grep -q '^gh pr comment 7 --body-file redcast-check.md$' "$tmp/over.record"; check "GitHub: first comment created after --edit-last finds none" $?
cmp -s "$tmp/over.record.body" "$tmp/over/redcast-check.md"; check "GitHub: the comment is the summary" $?
cmp -s "$tmp/over.summary" "$tmp/over/redcast-check.md"; check "GitHub: the job summary is the summary" $?
# Commented again on the next push: the earlier comment is edited, not a new one added.
: > "$tmp/over.record"; (cd "$tmp/over" && bash -e "$tmp/github-2.sh") > /dev/null 2>&1
[ "$(cat "$tmp/over.record")" = "gh pr comment 7 --body-file redcast-check.md --edit-last" ]; check "GitHub: the next push edits the comment" $?
# A fork's read-only token: no comment, a warning, the step still passes (the check step decides).
out=$(cd "$tmp/over" && GH_FAILS=1 bash -e "$tmp/github-2.sh" 2>/dev/null); code=$?
[ "$code" -eq 0 ] && grep -q '^::warning::redcast: no comment posted' <<< "$out"; check "GitHub: a read-only token warns (exit $code)" $?
rm -f "$tmp/over/redcast-check.md"; git -C "$tmp/over" worktree prune
gitlab "$tmp/over"; code=$?
[ "$code" -eq 1 ]; check "GitLab: over budget exits 1 (got $code)" $?
grep -q '^curl .*--header PRIVATE-TOKEN: secret .*https://gitlab.example/api/v4/projects/42/merge_requests/9/notes$' "$tmp/over.gl.record"
check "GitLab: the note posted to the merge request" $?
cmp -s "$tmp/over.gl.record.body" "$tmp/over/redcast-check.md" && grep -q '+553.0K commands/month from cron-poll' "$tmp/over.gl.record.body"
check "GitLab: the note is the summary" $?

# 2. A change that fits: every-5-minute polls and per-restaurant hashes (51,840 a month), exit 0.
make_repo fits "merchant-hub.json=scenarios/seed-002/hash-per-restaurant-5min.json"
github "$tmp/fits"; code=$?
[ "$code" -eq 0 ]; check "GitHub: fitting change exits 0 (got $code)" $?
grep -q 'all 2 scenarios fit 500,000 billable commands a month' "$tmp/fits/redcast-check.md"; check "GitHub: fits headline" $?
grep -q 'merchant-hub-hash-per-restaurant-5min: -86.4K commands/month from cron-poll' "$tmp/fits/redcast-check.md"
check "GitHub: -86,400 a month (138,240 - 51,840)" $?
rm -f "$tmp/fits/redcast-check.md"; git -C "$tmp/fits" worktree prune
gitlab "$tmp/fits"; code=$?
[ "$code" -eq 0 ]; check "GitLab: fitting change exits 0 (got $code)" $?

# 3. A scenario that does not load: exit 2, the file and field named, nothing posted.
make_repo bad 'broken.json={"name": "b", "components": [{"name": "x", "type": "periodic", "schedule": {"every": "soon"}, "commands": {"GET": 1}}]}'
github "$tmp/bad"; code=$?
[ "$code" -eq 2 ]; check "GitHub: bad scenario exits 2 (got $code)" $?
grep -q 'scenarios/broken.json: line 1, column [0-9]*, /components/0/schedule/every' "$tmp/bad.err"; check "GitHub: the bad field located" $?
[ ! -e "$tmp/bad/redcast-check.md" ] && [ ! -e "$tmp/bad.record" ]; check "GitHub: no summary, no comment" $?
gitlab "$tmp/bad"; code=$?
[ "$code" -eq 2 ]; check "GitLab: bad scenario exits 2 (got $code)" $?
[ ! -e "$tmp/bad.gl.record" ]; check "GitLab: no note" $?

echo "ci_workflow: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
