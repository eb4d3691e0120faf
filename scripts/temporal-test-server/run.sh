#!/usr/bin/env bash
# Runs Temporal's Java time-skipping test server: run.sh PORT (as the TypeScript SDK's
# TestWorkflowEnvironment calls an existing test-server executable). scripts/setup.sh provides the jars.
set -euo pipefail
CACHE="${MELKER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/melker}"
exec java -Xss1m -XX:+UseSerialGC -cp "$CACHE/temporal-test-server-1.31.0/lib/*" io.temporal.testserver.TestServer "$@"
