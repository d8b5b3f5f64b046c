#!/usr/bin/env bash
# Whole-process `policylsp check` over ../shared/corpus/real against markdownlint-cli2 over the same files, in one
# hyperfine run (medians). Installs hyperfine (apt) and markdownlint-cli2 (npm, into a cache folder) when missing.
# Usage: scripts/bench-check.sh [RUNS]   (default 7)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
corpus=../shared/corpus/real
[ -d "$corpus" ] || { echo "bench-check: $corpus not found (the corpus sits beside the checkout)" >&2; exit 2; }

if ! command -v hyperfine >/dev/null; then
  echo "== installing hyperfine" >&2
  $([ "$(id -u)" -eq 0 ] || echo sudo) apt-get install -y -q hyperfine >&2
fi

mdl_dir=${XDG_CACHE_HOME:-$HOME/.cache}/policylsp-bench/markdownlint
if [ ! -x "$mdl_dir/node_modules/.bin/markdownlint-cli2" ]; then
  echo "== installing markdownlint-cli2 into $mdl_dir" >&2
  mkdir -p "$mdl_dir"
  (cd "$mdl_dir" && npm init -y >/dev/null && npm install --no-audit --no-fund markdownlint-cli2 >&2)
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "== dotnet publish src/PolicyLsp -c Release (ReadyToRun)" >&2
dotnet publish src/PolicyLsp -c Release -o "$tmp/server" -nologo -v q >&2

# The same files for both tools: every policy of the corpus, not the licence texts.
mapfile -t files < <(find "$corpus" -name '*.md' -not -path '*/_licenses/*' -not -name SOURCES.md | sort)
printf '%s\n' "${files[@]}" > "$tmp/files"
echo "== ${#files[@]} files, $(cat "${files[@]}" | wc -c) bytes; load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# policylsp exits 1 when it finds something; markdownlint-cli2 exits 1 on lint errors: both are normal here.
hyperfine -N --warmup 2 --runs "$runs" -i --export-json "$tmp/hyperfine.json" \
  -n policylsp "$tmp/server/policylsp check ${files[*]}" \
  -n markdownlint-cli2 "$mdl_dir/node_modules/.bin/markdownlint-cli2 --no-globs ${files[*]}" >&2

python3 - "$tmp/hyperfine.json" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
ours, theirs = results["policylsp"]["median"], results["markdownlint-cli2"]["median"]
print(f"| check over the corpus, median of {len(results['policylsp']['times'])} | policylsp {ours:.3f} s | markdownlint-cli2 {theirs:.3f} s | {theirs / ours:.1f}x faster |")
PY
