#!/usr/bin/env bash
# Every performance figure of docs/performance.md in one run: BenchmarkDotNet (engine vs a bare Markdig parse at
# 5 KB, 20 KB, 100 KB and 1 MB, allocations, re-analysis after an edit), the LSP harness (initialize, didChange ->
# publishDiagnostics at 20 KB / 100 KB / 1 MB, RSS with 200 documents) and `check` over the corpus against
# markdownlint-cli2. Takes 3-5 minutes on 2 cores (plus first-time installs); results land in bench-results/ (not tracked).
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench-results
mkdir -p "$out"
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/machine.txt"

echo "== BenchmarkDotNet: engine vs Markdig parse"
dotnet run -c Release --project bench/PolicyLsp.Benchmarks -- --filter '*EngineVsParse*' --job short \
  --artifacts "$out/bdn" | tee "$out/bdn.log" | grep -E '^\|' || true

echo "== LSP harness"
bash scripts/bench-lsp.sh --json "$out/lsp.json" | tee "$out/lsp.md"

echo "== check vs markdownlint-cli2"
bash scripts/bench-check.sh 7 | tee "$out/check.md"
echo "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/machine.txt"
