#!/usr/bin/env bash
# Publishes `policylsp` as one native executable (NativeAOT, linux-x64): it needs no .NET on the machine it runs on.
# Fails on any warning of the build (trim and AOT analysis warnings are errors in the project for this build), then
# runs the binary once on examples/ to see that it works.
#
#   bash scripts/publish-aot.sh OUT-DIR      # e.g. bash scripts/publish-aot.sh dist/linux-x64
#
# Needs the .NET 10 SDK (its ILCompiler package comes from NuGet) and a native toolchain: clang, lld and zlib's headers.
# Installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: bash scripts/publish-aot.sh OUT-DIR" >&2
  exit 2
fi
out=$1
rid=linux-x64
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "publish-aot: this script builds for $rid and must run on it (NativeAOT does not cross-compile to another OS or CPU here)" >&2
  exit 2
fi

missing=()
command -v clang >/dev/null 2>&1 || missing+=(clang)
command -v ld.lld >/dev/null 2>&1 || missing+=(lld)
[ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "publish-aot: NativeAOT links with clang; missing: ${missing[*]}" >&2
  echo "publish-aot: install the toolchain (Debian/Ubuntu): sudo apt-get install -y clang lld zlib1g-dev" >&2
  exit 2
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "== dotnet publish src/PolicyLsp -c Release -r $rid -p:PublishAot=true -o $out" >&2
if ! dotnet publish src/PolicyLsp -c Release -r "$rid" -p:PublishAot=true -o "$out" -nologo >"$log" 2>&1; then
  cat "$log" >&2
  echo "publish-aot: the native build failed" >&2
  exit 1
fi

# The project makes the compiler's and ILC's trim/AOT warnings errors; anything else that warns fails here.
if grep -E '(: |^)warning [A-Z]+[0-9]+' "$log" >&2; then
  echo "publish-aot: the native build warned (above); it must build without warnings" >&2
  exit 1
fi

binary=$out/policylsp
[ -x "$binary" ] || { echo "publish-aot: $binary was not produced" >&2; exit 1; }

# A working binary finds the example draft's findings (exit 1) and none in the corrected version (exit 0).
set +e
"$binary" check examples/linkedin-style-2024-draft.md >/dev/null 2>&1
draft=$?
"$binary" check examples/linkedin-style-2024-corrected.md >/dev/null 2>&1
corrected=$?
set -e
if [ "$draft" -ne 1 ] || [ "$corrected" -ne 0 ]; then
  echo "publish-aot: $binary check exited $draft on the draft (want 1) and $corrected on the corrected version (want 0)" >&2
  exit 1
fi

echo "== $binary: $(du -m "$binary" | cut -f1) MiB ($(stat -c %s "$binary") bytes); policylsp.dbg beside it holds the native debug symbols (not needed to run)" >&2
