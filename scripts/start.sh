#!/usr/bin/env bash
# The README's start command: provisions what is missing, then starts the whole system.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node --import tsx scripts/start.ts "$@"
