#!/usr/bin/env bash
# npm run bench -- NAME : provisions what is missing and runs bench/NAME.ts, whose last line is JSON.
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:-}"
if [[ -z "$name" || ! -f "bench/$name.ts" ]]; then
  echo "Användning: npm run bench -- NAME   (NAME: $(ls bench/*.ts | xargs -n1 basename | sed 's/\.ts$//' | grep -v '^_' | tr '\n' ' '))" >&2
  exit 2
fi
shift
bash scripts/setup.sh
# One JSON line per request is for operators; a bench prints its own figures.
export LOG_LEVEL="${LOG_LEVEL:-warn}"
exec node --import tsx "bench/$name.ts" "$@"
