#!/usr/bin/env bash
# The README's test command: provisions what is missing, then lint, type check and the test suite
# (vitest's global setup starts one PostgreSQL cluster and one Temporal dev server for the run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
echo "== lint"; npx eslint .
echo "== typecheck"; npx tsc --noEmit
echo "== rules check"; npx tsx rules/cli.ts check >/dev/null
echo "== tests"
mkdir -p .data
set +e
npx vitest run --reporter=default --reporter=json --outputFile.json=.data/vitest-results.json "$@"
code=$?
set -e
# One plain closing line for CI readers: "vitest: N passed, M failed, K skipped; S suites failed".
if [[ -f .data/vitest-results.json ]]; then
  node -e 'const r = JSON.parse(require("fs").readFileSync(".data/vitest-results.json", "utf8")); console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped; ${r.numFailedTestSuites} suites failed${r.success ? "" : " (see above)"}`)'
fi
exit $code
