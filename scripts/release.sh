#!/usr/bin/env bash
# Every release artefact, from a clean checkout, into one new folder, with SHA-256 sums:
#   policylsp-VERSION-linux-x64.tar.gz   the NativeAOT policylsp (no .NET needed), its rule pages and config schema
#   PolicyLsp.VERSION.nupkg              the .NET tool package (dotnet tool install --add-source DIR PolicyLsp)
#   policylsp-VERSION.vsix               the universal VS Code extension (runs the server with the .NET 10 runtime)
#   policylsp-linux-x64-VERSION.vsix     the extension with the NativeAOT server
#   policylsp-win32-x64-VERSION.vsix     the extension with a self-contained, trimmed single-file server
#   policylsp-darwin-arm64-VERSION.vsix  the same for macOS on Apple silicon
#   SHA256SUMS                           sha256sum -c SHA256SUMS checks them
#
#   bash scripts/release.sh [OUT]   (default: release/; refused when OUT exists and is not empty)
#
# Needs the .NET 10 SDK, Node 20 with npm, and for the NativeAOT build clang, lld and zlib1g-dev (Debian;
# installed when missing and running as root).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
out=${1:-release}
if [ -e "$out" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ]; then
  echo "release: $out exists and is not empty; give a new folder (nothing is overwritten)" >&2
  exit 2
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' src/PolicyLsp/PolicyLsp.csproj | head -1)
client_version=$(node -p "require('./client-vscode/package.json').version")
if [ "$version" != "$client_version" ]; then
  echo "release: src/PolicyLsp is $version but client-vscode/package.json is $client_version" >&2
  exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
step() { echo "== $*" >&2; }

step "NativeAOT policylsp (linux-x64)"
bash scripts/publish-aot.sh "$tmp/aot" >&2
mkdir -p "$tmp/tar/policylsp-$version-linux-x64"
cp -r "$tmp/aot/." "$tmp/tar/policylsp-$version-linux-x64/"
rm -f "$tmp/tar/policylsp-$version-linux-x64/"*.dbg "$tmp/tar/policylsp-$version-linux-x64/"*.pdb
cp README.md "$tmp/tar/policylsp-$version-linux-x64/"
tar -C "$tmp/tar" --owner=0 --group=0 -czf "$out/policylsp-$version-linux-x64.tar.gz" "policylsp-$version-linux-x64"

step "dotnet tool package"
dotnet pack src/PolicyLsp -c Release -o "$out" -nologo -v q >&2

step "VS Code extension: universal and per platform"
(cd client-vscode && { [ -d node_modules ] || npm ci --no-audit --no-fund >&2; })
(cd client-vscode && npm run --silent package >&2 && mv "policylsp-$version.vsix" "$out/")
for target in linux-x64 win32-x64 darwin-arm64; do
  (cd client-vscode && node scripts/package-target.mjs "$target" >&2 && mv "policylsp-$target-$version.vsix" "$out/")
done
# Leave the extension's server/ as the universal build, as `npm run package` makes it.
(cd client-vscode && node scripts/build-server.mjs >&2)

step "SHA-256 sums"
(cd "$out" && sha256sum -- *.tar.gz *.nupkg *.vsix > SHA256SUMS)
(cd "$out" && ls -l --block-size=K -- *.tar.gz *.nupkg *.vsix SHA256SUMS) >&2
echo "$out"
