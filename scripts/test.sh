#!/usr/bin/env bash
# Runs every test: formatting, unit/protocol/corpus tests, the SARIF report through Microsoft's validator, the
# editors end to end, the install paths (tool package, pre-commit hook) and the VS Code extension.
set -euo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
skipped=0
count() {
  # dotnet test prints "Passed!  - Failed:     0, Passed:    13, Skipped:     1, ..." per test assembly.
  local f p k
  f=$(grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+' "$1" | awk -F'[:,]' '{s+=$2} END {print s+0}')
  p=$(grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+' "$1" | awk -F'[:,]' '{s+=$4} END {print s+0}')
  k=$(grep -Eo 'Skipped: +[0-9]+' "$1" | awk -F'[:]' '{s+=$2} END {print s+0}')
  failed=$((failed + f)); passed=$((passed + p)); skipped=$((skipped + k))
}

echo "== dotnet format --verify-no-changes"
dotnet format PolicyLsp.sln --verify-no-changes

echo "== dotnet test"
log=$(mktemp)
status=0
dotnet test PolicyLsp.sln 2>&1 | tee "$log" || status=$?
count "$log"
if [ "$skipped" -gt 0 ]; then
  # Tests skip only when data that is not in the repository is absent (the re-created external documents).
  echo "skipped, because their data is not on this machine: CorpusTests and EvalCommandTests need the real corpus"
  echo "(\$POLICYLSP_CORPUS, default ../shared/corpus/real), ExternalSplitTests the documents re-created by"
  echo "scripts/external-corpus.sh (see docs/evaluation.md):"
  grep -E '^ +Skipped ' "$log" | sed -E 's/^ +Skipped /  /' || true
fi

echo "== SARIF report through @microsoft/sarif-multitool validate"
dotnet build src/PolicyLsp -v q -nologo >/dev/null
sarif=$(mktemp --suffix=.sarif)
set +e
corpus=${POLICYLSP_CORPUS:-../shared/corpus/real}
if [ -d "$corpus" ]; then inputs=(examples "$corpus"); else inputs=(examples); echo "(the real corpus is not at $corpus: validating a report over the examples only)"; fi
dotnet src/PolicyLsp/bin/Debug/net10.0/policylsp.dll check "${inputs[@]}" --format sarif --output "$sarif"
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
run_suite() {
  # Runs a script that prints one "ok …" / "not ok …" line per check; adds them to the totals.
  local out status=0 ok bad
  out=$(mktemp)
  bash "$1" 2>&1 | tee "$out" || status=$?
  ok=$(grep -cE '^ok ' "$out" || true)
  bad=$(grep -cE '^not ok ' "$out" || true)
  if [ "$status" -ne 0 ] && [ "$bad" -eq 0 ]; then bad=1; fi
  passed=$((passed + ok)); failed=$((failed + bad))
}
run_suite scripts/e2e-editors.sh

echo "== install paths: the dotnet tool package, the pre-commit hook"
run_suite scripts/e2e-install.sh

echo "== VS Code extension: unit tests, .vsix, code-server end-to-end"
run_suite scripts/e2e-vscode.sh

echo "== release: scripts/release.sh, every artefact checked as installed"
run_suite scripts/e2e-release.sh

echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
