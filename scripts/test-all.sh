#!/usr/bin/env bash
# `npm test`: every check, in the order that fails fastest. Needs PostgreSQL for integration
# and end-to-end tests (TEST_DATABASE_SERVER_URL, default 127.0.0.1:5432); fetches the SFU worker
# and Debian's Chromium itself when they are missing (scripts/system-deps.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

step() { printf '\n\033[1m== %s ==\033[0m\n' "$1"; }

rm -rf .test-results && mkdir -p .test-results
step "prisma client"
node scripts/prisma-generate.mjs
step "system dependencies (SFU worker, Chromium, CJK fonts)"
node --import tsx scripts/system-deps.ts test
step "type check"
npx tsc --noEmit
step "lint"
npx eslint --max-warnings=0 .
step "unit and integration tests (real PostgreSQL; includes the migrations-vs-schema check)"
npx vitest run --reporter=default --reporter=json --outputFile.json=.test-results/vitest.json
step "production build"
npx next build
step "end-to-end tests (Chromium)"
npx playwright test
node scripts/test-summary.mjs
