#!/usr/bin/env bash
# Issue 14: the README's two commands work wherever a newcomer clones. Clones a commit into a new
# folder of mode 700 in the home folder (as root: inside root's home, which the postgres user that
# runs the local cluster cannot enter), then there:
#   npm start — until it prints its URLs, the web app answers, then Ctrl-C and a clean exit;
#   npm test -- <one small test file> — lint, type check, rules check and that file's tests.
# Several minutes: the clone's npm ci (from the npm cache), the first start's demo world, eslint and
# tsc over the whole tree. Too slow for the suite; test/local-cluster.test.ts covers the cluster's
# placement there. Removes the clone and its clusters afterwards.
# Usage: scripts/check-clone-700.sh [commit (HEAD)] [test file (test/statutory-time.test.ts)]
set -euo pipefail
cd "$(dirname "$0")/.."
commit=$(git rev-parse "${1:-HEAD}")
test_file=${2:-test/statutory-time.test.ts}
t_all=$SECONDS
say() { echo "check-clone-700: $*"; }

parent=$(mktemp -d "${HOME:-/root}/melker-clone-700.XXXXXX")
chmod 700 "$parent"
clone="$parent/melker"
start_pid=
pg_ctl="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)/pg_ctl"
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

cleanup() {
  if [[ -n "$start_pid" ]] && kill -0 "$start_pid" 2>/dev/null; then
    kill -INT -- "-$start_pid" 2>/dev/null || true
    sleep 10
    kill -KILL -- "-$start_pid" 2>/dev/null || true
  fi
  # The clone's clusters: in the clone, or (as root) where its .data links point.
  for d in "$clone/.data/pg" "$clone/.data/test/pg"; do
    [[ -e "$d" ]] || continue
    local real
    real=$(readlink -f "$d")
    (cd / && as_pg "$pg_ctl" stop -D "$real" -m immediate >/dev/null 2>&1) || true
    if [[ -L "$d" && "$real" == /var/lib/melker/*/* ]]; then rm -rf "$(dirname "$real")"; fi
  done
  rm -rf "$parent"
}
trap cleanup EXIT

free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }

say "cloning $commit into $clone (parent folder mode $(stat -c %a "$parent"), as $(id -un))"
git clone -q --no-checkout "$PWD" "$clone"
git -C "$clone" checkout -q "$commit"

# The npm cache of this machine is warm: npm ci takes what it has from there.
export npm_config_prefer_offline=true
web_port=$(free_port)
idp_port=$(free_port)
log="$parent/start.log"
t=$SECONDS
say "npm start (PORT=$web_port OIDC_DEV_PORT=$idp_port)"
(cd "$clone" && PORT=$web_port OIDC_DEV_PORT=$idp_port exec setsid npm start) >"$log" 2>&1 &
start_pid=$!
ready=0
for ((i = 0; i < 900; i++)); do
  if grep -q 'Arbetskö: ' "$log"; then ready=1; break; fi
  kill -0 "$start_pid" 2>/dev/null || break
  sleep 1
done
if [[ $ready -ne 1 ]]; then
  tail -n 40 "$log"
  say "FAILED: npm start printed no URLs (after $((SECONDS - t)) s)"
  exit 1
fi
sed -n '/^Melker körs/,/Arbetskö/p' "$log"
grep -q "Webbapplikation: http://localhost:$web_port/" "$log"
grep -q "Utvecklings-IdP: http://localhost:$idp_port" "$log"
grep -q 'Temporal Web UI: http://localhost:[0-9]*/namespaces/default/workflows' "$log"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$web_port/")
[[ $code =~ ^(200|302|303)$ ]] || { say "FAILED: the web app answered $code"; exit 1; }
say "npm start ready in $((SECONDS - t)) s, web app answers $code"

kill -INT -- "-$start_pid"
set +e
for ((i = 0; i < 60; i++)); do kill -0 "$start_pid" 2>/dev/null || break; sleep 1; done
wait "$start_pid"
rc=$?
set -e
start_pid=
tail -n 3 "$log"
# npm answers the SIGINT it got itself with 130 (as after Ctrl-C in a terminal), even when the
# start script exited 0; start.ts prints its last line only when every part stopped without error.
[[ $rc -eq 0 || $rc -eq 130 ]] || { say "FAILED: npm start exited with $rc after Ctrl-C"; exit 1; }
grep -q '^Melker har stängts av\.$' "$log" || { say "FAILED: npm start did not stop cleanly"; exit 1; }
real_pg=$(readlink -f "$clone/.data/pg")
if (cd / && as_pg "$pg_ctl" status -D "$real_pg" >/dev/null 2>&1); then say "FAILED: PostgreSQL still runs after Ctrl-C"; exit 1; fi
left=$(ps -eo pid=,args= | grep -F -e "$clone" -e "$real_pg" | grep -v grep || true)
[[ -z "$left" ]] || { say "FAILED: processes left after Ctrl-C:"; echo "$left"; exit 1; }
say "npm start stopped cleanly (npm exit $rc, nothing left running); its cluster was in $real_pg"

t=$SECONDS
say "npm test -- $test_file"
set +e
(cd "$clone" && npm test -- "$test_file") >"$parent/test.log" 2>&1
rc=$?
set -e
summary=$(grep -E '^vitest: [0-9]+ passed, [0-9]+ failed' "$parent/test.log" || true)
if [[ $rc -ne 0 || ! $summary =~ ^vitest:\ [1-9][0-9]*\ passed,\ 0\ failed ]]; then
  tail -n 40 "$parent/test.log"
  say "FAILED: npm test exited with $rc (${summary:-no summary line})"
  exit 1
fi
say "npm test: $summary ($((SECONDS - t)) s)"
say "ok: both README commands from a folder of mode 700 ($((SECONDS - t_all)) s)"
