#!/usr/bin/env bash
# Builds and tests the VS Code extension in client-vscode/ from a fresh machine:
#   system packages (Debian: chromium, ripgrep and the native build deps of code-server) if missing,
#   npm ci (extension and e2e/), unit tests (node --test), npm run package (.vsix with the published server),
#   and the end-to-end test in code-server 4.100.3 + headless Chromium (screenshots to a temporary folder; POLICYLSP_UPDATE_SCREENSHOTS=1 refreshes docs/images/);
#   then the linux-x64 .vsix (NativeAOT server) through the same test with .NET hidden from the machine (root).
# Prints one "ok"/"not ok" line per step; exits 1 on the first failure (nothing is skipped).
# Needs: Debian/Ubuntu (apt-get, as root if packages are missing), the .NET 10 SDK, Node 20 and npm.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
client="$root/client-vscode"
logs="$(mktemp -d "${TMPDIR:-/tmp}/policylsp-e2e-vscode.XXXXXX")"
start=$SECONDS
n=0

step() { # step NAME TIMEOUT_SECONDS COMMAND...
  local name="$1" limit="$2"
  shift 2
  n=$((n + 1))
  local log="$logs/$n.log" t0=$SECONDS rc=0
  timeout --kill-after=10 "$limit" "$@" >"$log" 2>&1 || rc=$?
  local took=$((SECONDS - t0))
  if [ "$rc" -eq 0 ]; then
    echo "ok $n - $name (${took}s)"
  else
    [ "$rc" -eq 124 ] && echo "# timed out after ${limit}s" >>"$log"
    echo "not ok $n - $name (${took}s, exit $rc)"
    echo "# --- last lines of $log ---"
    tail -n 60 "$log" | sed 's/^/#   /'
    echo "# e2e-vscode: FAILED after $((SECONDS - start))s"
    exit 1
  fi
}

system_packages() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v rg >/dev/null || missing+=(ripgrep)
  command -v python3 >/dev/null || missing+=(python3)
  command -v pkg-config >/dev/null || missing+=(pkg-config)
  { command -v make >/dev/null && command -v g++ >/dev/null; } || missing+=(build-essential)
  dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
  # The NativeAOT toolchain: the linux-x64 .vsix below, and scripts/release.sh after this suite.
  command -v clang >/dev/null || missing+=(clang)
  command -v ld.lld >/dev/null || missing+=(lld)
  [ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
  if [ "${#missing[@]}" -eq 0 ]; then
    echo "all present"
    return 0
  fi
  echo "installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y --no-install-recommends "${missing[@]}" ||
    { $sudo apt-get update && $sudo apt-get install -y --no-install-recommends "${missing[@]}"; }
}

tools() {
  command -v dotnet >/dev/null || { echo "dotnet (the .NET 10 SDK) is not on PATH"; return 1; }
  dotnet --list-sdks | grep -q '^10\.' || { echo "no .NET 10 SDK: $(dotnet --list-sdks)"; return 1; }
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')" || { echo "node is not on PATH"; return 1; }
  # code-server 4.100.3 runs on Node 20 only (its install script refuses others).
  [ "$major" = 20 ] || { echo "code-server 4.100.3 needs Node 20; found $(node --version)"; return 1; }
  echo "dotnet $(dotnet --version), node $(node --version), npm $(npm --version)"
}

e2e_install() {
  # @vscode/ripgrep (inside code-server) downloads rg from GitHub, which is not reachable: give it the
  # archive it looks for first, holding Debian's rg. Version and tag are those of code-server 4.100.3.
  local cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
  local archive="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  if [ ! -s "$archive" ]; then
    local dir
    dir="$(mktemp -d)"
    cp "$(command -v rg)" "$dir/rg"
    mkdir -p "$cache"
    tar czf "$archive" -C "$dir" rg
    rm -rf "$dir"
  fi
  cd "$client/e2e" &&
    npm_config_unsafe_perm=true npm_config_yes=true npm_config_dangerously_allow_all_scripts=true \
      npm ci --no-audit --no-fund &&
    test -x node_modules/.bin/code-server &&
    test -f node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg &&
    node -e 'require("playwright-core")'
}

no_dotnet_e2e() {
  # The platform .vsix on a machine without .NET, for code-server, the extension host and the server.
  (cd "$client/e2e" && bash "$root/scripts/without-dotnet.sh" node e2e.mjs "$1")
}

export client root
export -f system_packages tools e2e_install no_dotnet_e2e

version="$(node -p "require('$client/package.json').version")"
vsix="$client/policylsp-$version.vsix"

step "system packages (chromium, ripgrep, build deps, the NativeAOT toolchain)" 600 bash -c system_packages
step "dotnet 10 SDK and node 20" 60 bash -c tools
step "npm ci in client-vscode" 300 bash -c "cd '$client' && npm ci --no-audit --no-fund"
step "unit tests (node --test)" 120 bash -c "cd '$client' && npm test"
step "npm run package -> policylsp-$version.vsix (server published inside)" 600 bash -c "cd '$client' && rm -f '$vsix' && npm run package && test -s '$vsix' && python3 -m zipfile -l '$vsix' | grep -q 'extension/server/policylsp.dll'"
step "npm ci in client-vscode/e2e (code-server 4.100.3, playwright-core)" 600 bash -c e2e_install
step "e2e in code-server + chromium (see the log for each check)" 300 bash -c "cd '$client/e2e' && node e2e.mjs '$vsix'"
sed 's/^/  /' "$logs/$n.log" | grep -E '^  (ok|not ok|#)'

native_vsix="$client/policylsp-linux-x64-$version.vsix"
step "package:target linux-x64 -> $(basename "$native_vsix") (NativeAOT server, no dll)" 900 bash -c "cd '$client' && rm -f '$native_vsix' && node scripts/package-target.mjs linux-x64 && python3 -m zipfile -l '$native_vsix' | grep -qE 'extension/server/policylsp +' && ! python3 -m zipfile -l '$native_vsix' | grep -q 'policylsp.dll' && ls -l '$native_vsix'"
step "e2e of the linux-x64 .vsix in code-server with .NET hidden from the machine" 300 bash -c "no_dotnet_e2e '$native_vsix'"
sed 's/^/  /' "$logs/$n.log" | grep -E '^  (ok|not ok|#|dotnet)'
step "client-vscode/server back to the universal build" 300 bash -c "cd '$client' && node scripts/build-server.mjs"

echo "# e2e-vscode: all $n steps passed in $((SECONDS - start))s"
rm -rf "$logs"
