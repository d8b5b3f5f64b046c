#!/usr/bin/env bash
# Whole-process `policylsp check` over ../shared/corpus/real against its floor (bench/PolicyLsp.Floor: a NativeAOT
# process that only reads and Markdig-parses the same files) and markdownlint-cli2, in one hyperfine run (medians).
# Installs hyperfine (apt) and markdownlint-cli2 (npm, into a cache folder) when missing.
# Usage: scripts/bench-check.sh [RUNS]   (default 7)
#   POLICYLSP_BIN=/path/to/policylsp  measure that build (e.g. the NativeAOT one) instead of a ReadyToRun publish
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
. scripts/policylsp-bin.sh
server=$(policylsp_bin "$tmp")
echo "== dotnet publish bench/PolicyLsp.Floor (NativeAOT)" >&2
dotnet publish bench/PolicyLsp.Floor -c Release -o "$tmp/floor" -nologo -v q >&2

# The same files for both tools: every policy of the corpus, not the licence texts.
mapfile -t files < <(find "$corpus" -name '*.md' -not -path '*/_licenses/*' -not -name SOURCES.md | sort)
printf '%s\n' "${files[@]}" > "$tmp/files"
echo "== ${#files[@]} files, $(cat "${files[@]}" | wc -c) bytes; load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# policylsp exits 1 when it finds something; markdownlint-cli2 exits 1 on lint errors: both are normal here.
hyperfine -N --warmup 2 --runs "$runs" -i --export-json "$tmp/hyperfine.json" \
  -n policylsp "$server check ${files[*]}" \
  -n floor "$tmp/floor/policylsp-floor ${files[*]}" \
  -n markdownlint-cli2 "$mdl_dir/node_modules/.bin/markdownlint-cli2 --no-globs ${files[*]}" >&2

python3 - "$tmp/hyperfine.json" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
ours, floor, theirs = (results[k]["median"] for k in ("policylsp", "floor", "markdownlint-cli2"))
print(f"| check over the corpus, median of {len(results['policylsp']['times'])} | policylsp {ours:.3f} s | floor {floor:.3f} s ({ours / floor:.1f}x the floor) | markdownlint-cli2 {theirs:.3f} s ({theirs / ours:.1f}x faster) |")
PY
