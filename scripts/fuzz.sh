#!/usr/bin/env bash
# Fuzzes PolicyLsp with AFL++ (Debian's afl++) and SharpFuzz for a bounded time per target, then reports.
#   scripts/fuzz.sh [SECONDS] [TARGET...]     SECONDS per target (default 600); TARGET: document, message (default both)
# Output (FUZZ_OUT, default artifacts/fuzz): findings/<target>/ (afl-fuzz's state), crashes/<target>/ (inputs that
# crashed or hung, to keep under tests/PolicyLsp.Tests/Fuzz/Regressions/), summary.txt. Not part of scripts/test.sh:
# fuzzing is not deterministic; the regression tests replay what it found.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(document message)
for t in "${targets[@]}"; do
  case $t in document | message) ;; *) echo "fuzz.sh: unknown target '$t' (document, message)" >&2; exit 2 ;; esac
done

out=${FUZZ_OUT:-artifacts/fuzz}
mkdir -p "$out"
out=$(cd "$out" && pwd)

# --- tools -----------------------------------------------------------------------------------------------------------
if ! command -v afl-fuzz >/dev/null; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get install -y afl++ || { $sudo apt-get update && $sudo apt-get install -y afl++; }
fi
tools="$out/tools"
if [ ! -x "$tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools"
fi

# --- harness: published without ReadyToRun (sharpfuzz rewrites IL; precompiled code would bypass it) ----------------
bin="$out/bin"
rm -rf "$bin" # sharpfuzz refuses an assembly it already instrumented: start from a fresh publish every time
dotnet publish fuzz/PolicyLsp.Fuzz -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=false \
  -o "$bin" -v q -nologo
# Instrumented code crashes outside afl-fuzz (no trace map): crash inputs are replayed with an untouched copy.
rm -rf "$out/replay-bin"
cp -r "$bin" "$out/replay-bin"
# The engine, the server and the Markdown parser are instrumented; the harness itself, SharpFuzz and the BCL are not.
for dll in PolicyLsp.Analysis.dll policylsp.dll Markdig.dll; do
  "$tools/sharpfuzz" "$bin/$dll"
done

# --- seeds -----------------------------------------------------------------------------------------------------------
seeds="$out/seeds"
rm -rf "$seeds"
mkdir -p "$seeds/document" "$seeds/message"
cp examples/*.md tests/PolicyLsp.Analysis.Tests/Fixtures/*.md "$seeds/document/"
# A few small slices of real policies, read at run time (the corpus stays out of the repository).
if [ -d ../shared/corpus/real ]; then
  n=0
  while IFS= read -r -d '' f; do
    head -c 2048 "$f" >"$seeds/document/real-$n.md"
    n=$((n + 1))
    [ $n -ge 6 ] && break
  done < <(find ../shared/corpus/real -name '*.md' -size -200k -print0 | sort -z)
fi
cp fuzz/seeds/message/* "$seeds/message/"

# --- fuzzing ---------------------------------------------------------------------------------------------------------
# AFL++ pitfalls met here:
# - the target is `dotnet <dll>`, which has no AFL instrumentation of its own: AFL_SKIP_BIN_CHECK=1, or afl-fuzz
#   refuses to start ("target binary is not instrumented");
# - core_pattern and CPU governor checks abort a run in a container: AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1,
#   AFL_SKIP_CPUFREQ=1; on a shared 2-core machine, CPU binding fails when cores look busy: AFL_NO_AFFINITY=1;
# - no terminal in CI: AFL_NO_UI=1, and -V bounds the run instead of Ctrl-C;
# - afl-fuzz's own -t timeout kills the SharpFuzz fork server and ends the whole run ("Unable to communicate with
#   fork server"): the harness runs out of process and fails a slow input itself (POLICYLSP_FUZZ_INPUT_LIMIT_S,
#   reported as a crash, not a hang), so -t is set above that limit and -m none leaves the .NET runtime's
#   address-space reservation alone;
# - the .NET runtime starts in ~0.2 s and the first inputs JIT everything: AFL_FORKSRV_INIT_TMOUT gives it time.
export AFL_SKIP_BIN_CHECK=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1
export AFL_FORKSRV_INIT_TMOUT=60000
export POLICYLSP_FUZZ_INPUT_LIMIT_S=${POLICYLSP_FUZZ_INPUT_LIMIT_S:-20}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

summary="$out/summary.txt"
: >"$summary"
stat() { grep -E "^$1 +:" "$2" | sed 's/.*: //'; }
for target in "${targets[@]}"; do
  findings="$out/findings/$target"
  rm -rf "$findings"
  mkdir -p "$out/findings"
  echo "== afl-fuzz $target for $seconds s"
  # Sessions run in a scratch folder: a fuzzed workspace URI may point anywhere, but nothing is written there.
  scratch=$(mktemp -d)
  (cd "$scratch" && afl-fuzz -i "$seeds/$target" -o "$findings" -x "$OLDPWD/fuzz/dictionaries/$target.dict" \
    -t $(((POLICYLSP_FUZZ_INPUT_LIMIT_S + 10) * 1000)) -m none -V "$seconds" \
    -- "$(command -v dotnet)" "$bin/PolicyLsp.Fuzz.dll" "$target") >"$out/afl-$target.log" 2>&1 || {
    echo "afl-fuzz $target failed; the end of its log:" >&2
    tail -n 30 "$out/afl-$target.log" >&2
    exit 1
  }
  rm -rf "$scratch"

  stats="$findings/default/fuzzer_stats"
  crashes=$(stat saved_crashes "$stats")
  hangs=$(stat saved_hangs "$stats")
  line="$target: execs_done=$(stat execs_done "$stats") run_time=$(stat run_time "$stats")s execs_per_sec=$(stat execs_per_sec "$stats") corpus_count=$(stat corpus_count "$stats") edges_found=$(stat edges_found "$stats") saved_crashes=$crashes saved_hangs=$hangs"
  echo "$line" | tee -a "$summary"

  mkdir -p "$out/crashes/$target"
  rm -f "$out/crashes/$target"/*
  for f in "$findings"/default/crashes/id:* "$findings"/default/hangs/id:*; do
    [ -e "$f" ] || continue
    kind=$(basename "$(dirname "$f")")
    name=$(basename "$f" | cut -d, -f1 | tr ':' '-')
    cp "$f" "$out/crashes/$target/$kind-$name.bin"
  done
  if compgen -G "$out/crashes/$target/*" >/dev/null; then
    echo "-- replaying the $target crashes (stack traces in $out/crashes/$target.txt)"
    dotnet "$out/replay-bin/PolicyLsp.Fuzz.dll" replay "$target" "$out/crashes/$target"/* >"$out/crashes/$target.txt" 2>&1 || true
    grep -Eo '(---> )?[A-Za-z.]+Exception: .{0,100}' "$out/crashes/$target.txt" | sort | uniq -c | sort -rn | head -n 20
  fi
done

echo "== summary ($summary)"
cat "$summary"
