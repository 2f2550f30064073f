#!/usr/bin/env bash
# The one test command (`npm test`): everything CI runs, on a fresh Debian machine as root.
# Installs missing system packages, then typecheck -> lint (ESLint, import boundaries) ->
# unit/integration -> web build -> e2e.
# Stops at the first failing step. The last line is always `N passed, N failed`, which CI reads;
# a failing step that is not a test runner (typecheck, lint, build, setup) counts as one failure,
# so that line never says "0 failed" for a broken run.
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages the tests need (one list, one install): Janus for meetings, coturn for TURN,
# Firefox ESR for the e2e tests with a Firefox participant (e2e/firefox.spec.ts, ADR 0023).
SYSTEM_PACKAGES=(chromium firefox-esr janus coturn)

export CI="${CI:-}"
REPORT_DIR=".tmp/test-report"
VITEST_JSON="$REPORT_DIR/vitest.json"
PLAYWRIGHT_JSON="$REPORT_DIR/playwright.json"
export SAMTALE_PLAYWRIGHT_JSON="$PLAYWRIGHT_JSON" # read by e2e/playwright.config.ts
rm -rf "$REPORT_DIR"
mkdir -p "$REPORT_DIR"

passed=0
failed=0

# Adds a runner's JSON report to the totals: vitest (numPassedTests/numFailedTests) or
# Playwright (stats.expected + flaky passed, stats.unexpected failed).
add_counts() {
  local file="$1" counts
  [[ -s "$file" ]] || return 1
  counts=$(node -e '
    const r = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
    if (r.stats) console.log((r.stats.expected ?? 0) + (r.stats.flaky ?? 0), (r.stats.unexpected ?? 0) + (r.errors?.length ?? 0));
    else console.log(r.numPassedTests ?? 0, (r.numFailedTests ?? 0) + (r.numRuntimeError ?? 0) + (r.success === false && !r.numFailedTests ? 1 : 0));
  ' "$file") || return 1
  passed=$((passed + ${counts% *}))
  failed=$((failed + ${counts#* }))
}

summary() { echo "$passed passed, $failed failed"; }

# Runs one step; on failure prints what failed and the summary, and exits with the step's status.
step() {
  local name="$1" report="${2:-}"
  shift 2
  echo
  echo "==> $name"
  local start=$SECONDS status=0 failed_before=$failed
  "$@" || status=$?
  if [[ -n "$report" ]]; then
    add_counts "$report" || echo "(no test report at $report)"
  fi
  # A failing step that reported no failed test (typecheck, a crash, no report) counts as one.
  if [[ $status -ne 0 && $failed -eq $failed_before ]]; then
    failed=$((failed + 1))
  fi
  if [[ $status -ne 0 ]]; then
    echo
    echo "FAILED: $name (exit $status). Fix it and run \`npm test\` again."
    summary
    exit "$status"
  fi
  echo "--- $name ok ($((SECONDS - start)) s)"
}

install_system_packages() {
  local missing=() pkg
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    echo "System packages present: ${SYSTEM_PACKAGES[*]}"
    return 0
  fi
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null; then
      sudo=(sudo)
    else
      echo "Missing system packages: ${missing[*]}. Run as root or install them with apt-get." >&2
      return 1
    fi
  fi
  if ! command -v apt-get >/dev/null; then
    echo "Missing system packages: ${missing[*]}, and apt-get is not available (Debian expected)." >&2
    return 1
  fi
  echo "Installing missing system packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
}

check_node_modules() {
  if [[ ! -d node_modules/.bin ]]; then
    echo "node_modules is missing: run \`npm ci\` first." >&2
    return 1
  fi
}

step "system packages" "" install_system_packages
step "dependencies" "" check_node_modules
step "typecheck" "" npm run --silent typecheck
step "lint (ESLint, import boundaries)" "" npm run --silent lint
step "unit and integration tests" "$VITEST_JSON" \
  npx vitest run --reporter=default --reporter=json --outputFile.json="$VITEST_JSON"
step "build web app" "" npm run --silent build
step "end-to-end tests" "$PLAYWRIGHT_JSON" npx playwright test -c e2e/playwright.config.ts

echo
summary
