#!/usr/bin/env bash
# Provisions what Melker needs on a fresh Debian machine, idempotently: quiet when everything is
# present, timed when it installs. Usage: scripts/setup.sh [--browser]
#   --browser  also what only the tests need: Chromium and the time-skipping test server
set -euo pipefail
cd "$(dirname "$0")/.."

TEMPORAL_VERSION="${MELKER_TEMPORAL_VERSION:-1.5.1}"
CACHE="${MELKER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/melker}"
want_browser=0
[[ "${1:-}" == "--browser" ]] && want_browser=1

timed() { # timed "what" command...
  local what=$1; shift
  local t0=$SECONDS
  echo "setup: installing $what ..." >&2
  "$@"
  echo "setup: $what installed in $((SECONDS - t0)) s" >&2
}

sudo_if_needed() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

apt_updated=0
apt_install() {
  if [[ $apt_updated -eq 0 ]]; then sudo_if_needed apt-get update -qq >/dev/null; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive sudo_if_needed apt-get install -y -qq "$@" >/dev/null
}

pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1; }

# PostgreSQL server binaries from Debian (the private cluster itself is started by scripts/services.ts).
if [[ -z "$(pg_bindir)" || ! -x "$(pg_bindir)/postgres" ]]; then
  timed "PostgreSQL (Debian package)" apt_install postgresql postgresql-contrib
fi

# Temporal CLI, built from its Go module, cached outside the repository, keyed by version.
temporal_bin="$CACHE/temporal-$TEMPORAL_VERSION/bin/temporal"
if [[ ! -x "$temporal_bin" ]]; then
  build_temporal() {
    local v
    for v in "$TEMPORAL_VERSION" 1.4.1 1.3.0; do
      mkdir -p "$CACHE/temporal-$v/bin"
      if GOBIN="$CACHE/temporal-$v/bin" GOFLAGS=-mod=mod go install "github.com/temporalio/cli/cmd/temporal@v$v"; then
        if [[ "$v" != "$TEMPORAL_VERSION" ]]; then
          mkdir -p "$(dirname "$temporal_bin")" && ln -sf "$CACHE/temporal-$v/bin/temporal" "$temporal_bin"
        fi
        return 0
      fi
      echo "setup: go install of temporal v$v failed, trying the next version" >&2
    done
    return 1
  }
  command -v go >/dev/null || timed "Go (Debian package)" apt_install golang-go
  timed "Temporal CLI v$TEMPORAL_VERSION (go install)" build_temporal
fi

# Temporal's time-skipping test server (Java, from Maven Central), for the timer tests only.
test_server_lib="$CACHE/temporal-test-server-1.31.0/lib"
if [[ $want_browser -eq 1 && ! -f "$test_server_lib/.complete" ]]; then
  fetch_test_server() {
    command -v java >/dev/null || apt_install openjdk-17-jre-headless
    command -v mvn >/dev/null || apt_install maven
    rm -rf "$test_server_lib"
    mkdir -p "$CACHE"
    if ! mvn -q -B -f scripts/temporal-test-server/pom.xml dependency:copy-dependencies -DoutputDirectory="$test_server_lib" >"$CACHE/mvn.log" 2>&1; then
      cat "$CACHE/mvn.log" >&2
      return 1
    fi
    touch "$test_server_lib/.complete"
  }
  timed "Temporal test server 1.31.0 (Maven Central)" fetch_test_server
fi

if [[ $want_browser -eq 1 ]] && ! command -v chromium >/dev/null; then
  timed "Chromium (Debian package)" apt_install chromium fonts-dejavu-core
fi

# npm packages exactly as locked; re-run only when the lockfile changed.
stamp=node_modules/.melker-lock-stamp
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$lock_sum" ]]; then
  timed "npm packages (npm ci)" npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" >"$stamp"
fi
