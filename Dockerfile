# syntax=docker/dockerfile:1
#
# Melker's production image: one image for the four production entry points (README, "Running it
# in production" and "Containers"):
#
#   node --import tsx web/server.ts      the web process (default command; = npm run web)
#   node --import tsx scripts/worker.ts  the Temporal worker (= npm run worker)
#   npm run migrate                      the migrate step, once per release, before the others
#   npm run schedules                    the Schedules' bootstrap, after migrate
#
# They are the same invocations the test suite spawns (test/production-config.test.ts,
# test/crash-and-restart.test.ts, test/feed-crash.test.ts); test/container.test.ts keeps this
# file and compose.yaml in step with package.json and those tests. The development machines have
# no container daemon: this file has not been built there.
#
# Debian (glibc), not Alpine: @temporalio/core-bridge ships prebuilt binaries for
# x86_64/aarch64-unknown-linux-gnu only, and @swc/core and esbuild pick their gnu builds.

# ---------------------------------------------------------------- build: dependencies and sources
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
# The lockfile decides every version. tsx is a production dependency (the entry points run
# TypeScript through it), so the development tools (vitest, eslint, typescript, playwright) stay
# out without a separate prune step.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
# The sources; .dockerignore leaves out .data, node_modules, tests, fixtures and the local demo's
# provisioning scripts (scripts/setup.sh is never run in the image).
COPY . .

# ---------------------------------------------------------------- runtime
FROM node:20.20-bookworm-slim AS runtime
# tini as PID 1 forwards SIGTERM to node (web/server.ts and scripts/worker.ts shut down on it)
# and reaps zombies.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
# tsx compiles in memory instead of caching in /tmp; the worker bundles its workflow code in
# memory (bundleWorkflowCode). Nothing writes below /app at run time, so the container can run
# with a read-only root file system (compose.yaml: read_only, and a tmpfs /tmp for npm's logs and
# the tsx command's socket in the one-shot steps).
ENV NODE_ENV=production \
    TSX_DISABLE_CACHE=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_CACHE=/tmp/.npm
WORKDIR /app
# Owned by root and not writable by the user the processes run as.
COPY --from=build /app /app
# The unprivileged user of the node image (uid 1000).
USER node
EXPOSE 3000
# No HEALTHCHECK here: the same image runs the worker and the one-shot steps, which serve no
# HTTP, and a failing image health check makes orchestrators replace them. The web service's
# check is in compose.yaml (node's fetch; the image has no curl).
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--import", "tsx", "web/server.ts"]
