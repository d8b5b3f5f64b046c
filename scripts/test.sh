#!/usr/bin/env bash
# Runs every test: formatting, unit/protocol/corpus tests, and the SARIF report through Microsoft's validator.
set -euo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
count() {
  # dotnet test prints "Passed!  - Failed:     0, Passed:    13, ..." per test assembly.
  local f p
  f=$(grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+' "$1" | awk -F'[:,]' '{s+=$2} END {print s+0}')
  p=$(grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+' "$1" | awk -F'[:,]' '{s+=$4} END {print s+0}')
  failed=$((failed + f)); passed=$((passed + p))
}

echo "== dotnet format --verify-no-changes"
dotnet format PolicyLsp.sln --verify-no-changes

echo "== dotnet test"
log=$(mktemp)
status=0
dotnet test PolicyLsp.sln 2>&1 | tee "$log" || status=$?
count "$log"

echo "== SARIF report through @microsoft/sarif-multitool validate"
dotnet build src/PolicyLsp -v q -nologo >/dev/null
sarif=$(mktemp --suffix=.sarif)
set +e
dotnet src/PolicyLsp/bin/Debug/net10.0/policylsp.dll check examples ../shared/corpus/real --format sarif --output "$sarif"
code=$?
set -e
if [ "$code" -gt 1 ]; then echo "policylsp check failed with exit code $code"; failed=$((failed + 1)); else passed=$((passed + 1)); fi
(cd tools/ci && [ -x node_modules/.bin/sarif-multitool ] || npm ci --no-audit --no-fund >/dev/null)
chmod u+x tools/ci/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool 2>/dev/null || true
validation=$(cd tools/ci && npx --no-install sarif-multitool validate "$sarif" -o "$(mktemp -u --suffix=.sarif)" 2>&1)
echo "$validation" | grep -E "error|warning|completed" || true
if echo "$validation" | grep -q "error SARIF" || ! echo "$validation" | grep -q "Analysis completed successfully"; then
  echo "SARIF validation failed"; failed=$((failed + 1))
else
  passed=$((passed + 1))
fi

echo "== editor end-to-end tests (Neovim, Emacs + eglot)"
e2e=$(mktemp)
e2e_status=0
bash scripts/e2e-editors.sh 2>&1 | tee "$e2e" || e2e_status=$?
# One "ok - <client>" / "not ok - <client>" line per editor (its own checks are indented).
e2e_passed=$(grep -c '^ok - ' "$e2e" || true)
e2e_failed=$(grep -c '^not ok - ' "$e2e" || true)
if [ "$e2e_status" -ne 0 ] && [ "$e2e_failed" -eq 0 ]; then e2e_failed=1; fi
passed=$((passed + e2e_passed)); failed=$((failed + e2e_failed))

echo "== VS Code extension: unit tests, .vsix, code-server end-to-end"
vsc=$(mktemp)
vsc_status=0
bash scripts/e2e-vscode.sh 2>&1 | tee "$vsc" || vsc_status=$?
vsc_passed=$(grep -c '^ok ' "$vsc" || true)
vsc_failed=$(grep -c '^not ok ' "$vsc" || true)
if [ "$vsc_status" -ne 0 ] && [ "$vsc_failed" -eq 0 ]; then vsc_failed=1; fi
passed=$((passed + vsc_passed)); failed=$((failed + vsc_failed))

echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
