#!/usr/bin/env bash
# The README's test command: provisions what is missing, then lint, type check and the test suite
# (vitest's global setup starts one PostgreSQL cluster and one Temporal dev server for the run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
echo "== lint"; npx eslint .
echo "== typecheck"; npx tsc --noEmit
echo "== rules check"; npx tsx rules/cli.ts check >/dev/null
echo "== tests"; exec npx vitest run "$@"
