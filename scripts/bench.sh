#!/usr/bin/env bash
# Every performance figure of docs/performance.md in one run: BenchmarkDotNet (engine vs a bare Markdig parse at
# 5 KB, 20 KB, 100 KB and 1 MB, allocations, re-analysis after an edit), the LSP harness (initialize, didChange ->
# publishDiagnostics at 20 KB / 100 KB / 1 MB, RSS with 200 documents) and `check` over the corpus against its
# NativeAOT parse-only floor and markdownlint-cli2; the server and `check` are the NativeAOT build when clang is here. Takes 3-5 minutes on 2 cores (plus first-time installs); results land in bench-results/ (not tracked).
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench-results
mkdir -p "$out"
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/machine.txt"

echo "== BenchmarkDotNet: engine vs Markdig parse"
dotnet run -c Release --project bench/PolicyLsp.Benchmarks -- --filter '*EngineVsParse*' --job short \
  --artifacts "$out/bdn" | tee "$out/bdn.log" | grep -E '^\|' || true

# The shipped native build when its toolchain is here (scripts/publish-aot.sh), else the ReadyToRun publish.
aot=""
if bash scripts/publish-aot.sh "$out/aot" >"$out/aot.log" 2>&1; then
  aot="$out/aot/policylsp"
  echo "== NativeAOT build: $aot ($(du -k "$aot" | cut -f1) KiB)"
else
  echo "== no NativeAOT build (see $out/aot.log): measuring the ReadyToRun publish"
fi

echo "== LSP harness"
POLICYLSP_BIN="$aot" bash scripts/bench-lsp.sh --json "$out/lsp.json" | tee "$out/lsp.md"

echo "== check vs its floor and markdownlint-cli2"
POLICYLSP_BIN="$aot" bash scripts/bench-check.sh 7 | tee "$out/check.md"
echo "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/machine.txt"
