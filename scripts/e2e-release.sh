#!/usr/bin/env bash
# The release as a user gets it: runs scripts/release.sh into a new folder, then checks every artefact the way it is
# installed. Prints one "ok …" / "not ok …" line per check.
#   - SHA256SUMS verifies every file;
#   - the NativeAOT tarball's policylsp runs `check examples/` on a machine where .NET is hidden (root: a private
#     mount namespace empties the dotnet folder) and gives the same report as the build in the checkout;
#   - the tool package installs from the release folder alone and runs `check`;
#   - each .vsix holds the server its platform needs: the AOT ELF binary (linux-x64), a PE policylsp.exe (win32-x64),
#     a Mach-O arm64 binary (darwin-arm64), policylsp.dll (universal); none holds another platform's server.
# (The linux-x64 .vsix is installed into code-server with .NET hidden by scripts/e2e-vscode.sh.)
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; shift; for line in "$@"; do echo "    $line"; done; }

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' src/PolicyLsp/PolicyLsp.csproj | head -1)
rel="$tmp/release"
if timeout 1800 bash scripts/release.sh "$rel" >"$tmp/release.log" 2>&1; then
  ok "scripts/release.sh builds the release: $(cd "$rel" && ls | tr '\n' ' ')"
else
  not_ok "scripts/release.sh" "$(tail -20 "$tmp/release.log")"
  exit 1
fi

expected=("policylsp-$version-linux-x64.tar.gz" "PolicyLsp.$version.nupkg" "policylsp-$version.vsix"
  "policylsp-linux-x64-$version.vsix" "policylsp-win32-x64-$version.vsix" "policylsp-darwin-arm64-$version.vsix")
missing=()
for file in "${expected[@]}"; do [ -s "$rel/$file" ] || missing+=("$file"); done
if [ "${#missing[@]}" -eq 0 ] && (cd "$rel" && sha256sum --quiet -c SHA256SUMS) && [ "$(wc -l <"$rel/SHA256SUMS")" -eq "${#expected[@]}" ]; then
  ok "all ${#expected[@]} artefacts are there and SHA256SUMS verifies them ($(cd "$rel" && du -k -- "${expected[@]}" | awk '{printf "%s %d KiB; ", $2, $1}'))"
else
  not_ok "artefacts and sums" "missing: ${missing[*]:-none}" "$(cd "$rel" && sha256sum -c SHA256SUMS 2>&1 | tail -3)"
fi

# The tarball, with .NET hidden from the machine.
mkdir -p "$tmp/unpacked"
tar -C "$tmp/unpacked" -xzf "$rel/policylsp-$version-linux-x64.tar.gz"
bin="$tmp/unpacked/policylsp-$version-linux-x64/policylsp"
dotnet run --project src/PolicyLsp -- check examples/ >"$tmp/repo.out" 2>/dev/null
bash scripts/without-dotnet.sh "$bin" check examples/ >"$tmp/aot.out" 2>"$tmp/aot.err"
code=$?
if [ "$code" -eq 1 ] && grep -q "6 findings in 2 files checked" "$tmp/aot.err" && cmp -s "$tmp/aot.out" "$tmp/repo.out"; then
  ok "the tarball's policylsp ($(du -k "$bin" | cut -f1) KiB) checks examples/ with .NET hidden: exit 1, the same report as dotnet run"
else
  not_ok "the tarball's policylsp with .NET hidden" "exit $code" "$(tail -3 "$tmp/aot.err")" "$(diff "$tmp/aot.out" "$tmp/repo.out" | head -5)"
fi

# The tests that start the server as a process, and the real editors, against the AOT binary.
if POLICYLSP_EXE="$bin" dotnet test tests/PolicyLsp.Tests --filter "FullyQualifiedName~RobustnessTests|FullyQualifiedName~HostileClientTests|FullyQualifiedName~HostileWorkspaceTests" >"$tmp/proc.log" 2>&1; then
  ok "the process-level server and CLI tests pass against the AOT binary ($(grep -Eo 'Passed: +[0-9]+' "$tmp/proc.log" | tail -1))"
else
  not_ok "process-level tests against the AOT binary" "$(grep -E '^\s+Failed |Failed!' "$tmp/proc.log" | head -10)"
fi
if POLICYLSP_SERVER="$bin" bash scripts/e2e-editors.sh >"$tmp/editors.log" 2>&1; then
  ok "Neovim and Emacs (eglot) end to end against the AOT binary"
else
  not_ok "Neovim and Emacs against the AOT binary" "$(grep -E '^(not ok|ok)' "$tmp/editors.log")" "$(tail -5 "$tmp/editors.log")"
fi
for format in json sarif; do
  "$bin" check "$PWD/examples" --format "$format" 2>/dev/null | sed "s#$tmp/unpacked/policylsp-$version-linux-x64#SERVER#g" >"$tmp/aot.$format"
  dotnet run --project src/PolicyLsp -- check "$PWD/examples" --format "$format" 2>/dev/null | sed "s#$PWD/src/PolicyLsp/bin/Debug/net10.0#SERVER#g" >"$tmp/jit.$format"
done
if cmp -s "$tmp/aot.json" "$tmp/jit.json" && cmp -s "$tmp/aot.sarif" "$tmp/jit.sarif" && [ -s "$tmp/aot.sarif" ]; then
  ok "the AOT binary's JSON and SARIF reports equal the JIT build's (the rule pages' folder aside)"
else
  not_ok "AOT vs JIT reports" "$(diff "$tmp/aot.json" "$tmp/jit.json" | head -4)" "$(diff "$tmp/aot.sarif" "$tmp/jit.sarif" | head -4)"
fi

# The trimmed single-file build the Windows and macOS .vsix carry, made for Linux: the same check and an editor.
if node client-vscode/scripts/build-server.mjs --target linux-x64-trimmed --out "$tmp/trimmed" >"$tmp/trimmed.log" 2>&1 \
  && "$tmp/trimmed/policylsp" check examples/ >"$tmp/trimmed.out" 2>/dev/null; [ -x "$tmp/trimmed/policylsp" ] && cmp -s "$tmp/trimmed.out" "$tmp/repo.out" \
  && POLICYLSP_SERVER="$tmp/trimmed/policylsp" POLICYLSP_E2E_CLIENTS=neovim bash scripts/e2e-editors.sh >"$tmp/trimmed-editor.log" 2>&1; then
  ok "the trimmed self-contained single-file build (what the win32-x64 and darwin-arm64 .vsix carry, built for Linux) checks examples/ as dotnet run does and serves Neovim"
else
  not_ok "the trimmed single-file build" "$(tail -5 "$tmp/trimmed.log")" "$(grep -E '^(not ok|ok)' "$tmp/trimmed-editor.log" 2>/dev/null)"
fi

# The tool package, from the release folder alone.
printf '<?xml version="1.0" encoding="utf-8"?>\n<configuration><packageSources><clear /></packageSources></configuration>\n' >"$tmp/nuget.config"
code=none
if dotnet tool install --tool-path "$tmp/tools" --configfile "$tmp/nuget.config" --add-source "$rel" PolicyLsp >"$tmp/tool.log" 2>&1; then
  "$tmp/tools/policylsp" check examples/ >"$tmp/tool.out" 2>/dev/null
  code=$?
fi
if [ "$code" = 1 ] && cmp -s "$tmp/tool.out" "$tmp/repo.out"; then
  ok "the release's tool package installs from the release folder and checks examples/ as dotnet run does"
else
  not_ok "the release's tool package" "check exit $code" "$(tail -5 "$tmp/tool.log")"
fi

# Each .vsix carries its platform's server and no other.
check_vsix() { # check_vsix FILE SERVER-PATH-IN-VSIX MAGIC-HEX ABSENT...
  local file=$1 server=$2 magic=$3
  shift 3
  local list head
  list=$(python3 -m zipfile -l "$rel/$file" | awk '{print $1}')
  head=$(python3 - "$rel/$file" "$server" <<'PY'
import sys, zipfile
print(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2])[:4].hex())
PY
  )
  for absent in "$@"; do
    if grep -qx "$absent" <<<"$list"; then not_ok "$file holds only its platform's server" "it also holds $absent"; return; fi
  done
  if [ "$head" = "$magic" ] && grep -qx "extension/server/docs/rules/PL101.md" <<<"$list"; then
    ok "$file holds $server (starts $magic) and the rule pages"
  else
    not_ok "$file" "$server starts with '$head', expected $magic"
  fi
}
check_vsix "policylsp-linux-x64-$version.vsix" extension/server/policylsp 7f454c46 extension/server/policylsp.dll extension/server/policylsp.exe
check_vsix "policylsp-win32-x64-$version.vsix" extension/server/policylsp.exe 4d5a9000 extension/server/policylsp.dll extension/server/policylsp
check_vsix "policylsp-darwin-arm64-$version.vsix" extension/server/policylsp cffaedfe extension/server/policylsp.dll extension/server/policylsp.exe
check_vsix "policylsp-$version.vsix" extension/server/policylsp.dll 4d5a9000 extension/server/policylsp extension/server/policylsp.exe
