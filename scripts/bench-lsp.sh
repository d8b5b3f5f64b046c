#!/usr/bin/env bash
# LSP performance of the published server: process start -> initialize, didChange -> publishDiagnostics at ~20 KB,
# ~100 KB and ~1 MB, and RSS with 200 open documents. Prints a Markdown table; extra arguments go to the harness,
# e.g. scripts/bench-lsp.sh --json lsp-bench.json (see bench/PolicyLsp.LspHarness, --help).
# POLICYLSP_BIN=/path/to/policylsp measures that build (e.g. the NativeAOT one) instead of a ReadyToRun publish.
set -euo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

. scripts/policylsp-bin.sh
server=$(policylsp_bin "$tmp")

echo "== harness (Release) against $server" >&2
dotnet build bench/PolicyLsp.LspHarness -c Release -nologo -v q >&2
dotnet bench/PolicyLsp.LspHarness/bin/Release/net10.0/policylsp-lsp-harness.dll \
  --server "$server" --corpus ../shared/corpus/real "$@"
