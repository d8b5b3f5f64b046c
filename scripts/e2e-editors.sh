#!/usr/bin/env bash
# End-to-end tests of `policylsp serve` with real LSP clients: Neovim's built-in client (0.7+) and Emacs + eglot.
# Publishes the server once to a temp folder, runs each editor headless with a timeout, prints one
# "ok - <client>" / "not ok - <client>" line per client (the editor's own checks are indented under it)
# and exits nonzero if any client failed.
#
#   bash scripts/e2e-editors.sh                          # publish + run both clients
#   POLICYLSP_SERVER=/path/to/policylsp bash scripts/e2e-editors.sh   # reuse an existing build
#   POLICYLSP_E2E_CLIENTS=neovim bash scripts/e2e-editors.sh          # one client only
#
# Needs: nvim, emacs with eglot (Debian: neovim emacs-nox elpa-eglot; .ci/run installs them), the .NET SDK.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Install the editors when missing (Debian; as root, or with sudo).
if ! command -v nvim >/dev/null 2>&1 || ! command -v emacs >/dev/null 2>&1 \
  || ! emacs --batch --eval '(kill-emacs (if (locate-library "eglot") 0 1))' >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo=sudo
  if command -v apt-get >/dev/null 2>&1; then
    echo "# installing neovim emacs-nox elpa-eglot"
    $sudo apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends neovim emacs-nox elpa-eglot >/dev/null 2>&1 || true
  fi
fi

file=examples/linkedin-style-2024-draft.md
timeout_s=${POLICYLSP_E2E_TIMEOUT:-120}
clients=${POLICYLSP_E2E_CLIENTS:-neovim emacs}

tmp=$(realpath "$(mktemp -d "${TMPDIR:-/tmp}/policylsp-e2e.XXXXXX")")
keep_tmp=0
cleanup() {
  if [ "$keep_tmp" -eq 0 ]; then rm -rf "$tmp"; else rm -rf "$tmp/artifacts" "$tmp/server"; echo "# logs kept in $tmp"; fi
}
trap cleanup EXIT

passed=0
failed=0
now_ms() { date +%s%3N; }

# The server: an existing binary, or a Release publish into the temp folder.
server=${POLICYLSP_SERVER:-}
if [ -z "$server" ]; then
  echo "# publishing src/PolicyLsp (Release) to $tmp/server"
  start=$(now_ms)
  # Own artifacts path (bin/obj): a build running beside this one (tests, benchmarks) cannot swap files under it.
  if ! dotnet publish src/PolicyLsp -c Release -o "$tmp/server" --artifacts-path "$tmp/artifacts" -v q -nologo \
    >"$tmp/publish.log" 2>&1; then
    sed 's/^/    /' "$tmp/publish.log"
    echo "not ok - publish policylsp"
    echo "e2e editors: 0 passed, 1 failed"
    keep_tmp=1
    exit 1
  fi
  echo "# published in $(( ($(now_ms) - start) / 1000 )) s"
  server="$tmp/server/policylsp"
fi
if [ ! -x "$server" ]; then
  echo "not ok - server binary $server is not executable"
  echo "e2e editors: 0 passed, 1 failed"
  exit 1
fi
server=$(realpath "$server")
if [ "$(dirname "$server")" != "$tmp/server" ]; then
  # A private copy, so that the leftover-process check below only ever sees servers this script started.
  cp -r "$(dirname "$server")" "$tmp/server"
  server="$tmp/server/$(basename "$server")"
fi

# Editors get a throwaway HOME/XDG tree: no user config, and their logs land in the temp folder.
mkdir -p "$tmp/home" "$tmp/xdg/config" "$tmp/xdg/cache" "$tmp/xdg/data" "$tmp/xdg/state"
editor_env=(env HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/xdg/config" XDG_CACHE_HOME="$tmp/xdg/cache"
  XDG_DATA_HOME="$tmp/xdg/data" XDG_STATE_HOME="$tmp/xdg/state" TERM=dumb
  POLICYLSP_SERVER="$server" POLICYLSP_FILE="$file")

# run_client NAME LOGFILE COMMAND...: runs one editor, indents its output, records ok/not ok with the time taken.
run_client() {
  local name=$1 log=$2
  shift 2
  local start end code
  start=$(now_ms)
  "${editor_env[@]}" POLICYLSP_LOG="$log" timeout -k 10 "$timeout_s" "$@" </dev/null >"$tmp/$name.out" 2>"$tmp/$name.err"
  code=$?
  end=$(now_ms)
  sed 's/^/    /' "$tmp/$name.out"
  local secs
  secs=$(awk -v ms=$((end - start)) 'BEGIN { printf "%.1f", ms / 1000 }')
  if [ "$code" -eq 0 ] && grep -q '^ok - ' "$tmp/$name.out" && ! grep -q '^not ok' "$tmp/$name.out"; then
    echo "ok - $name (${secs} s)"
    passed=$((passed + 1))
  else
    [ "$code" -eq 124 ] && echo "    # timed out after ${timeout_s} s"
    echo "    # $name stderr:"
    sed 's/^/    #   /' "$tmp/$name.err"
    if [ -s "$log" ]; then
      echo "    # server log ($log):"
      tail -n 20 "$log" | sed 's/^/    #   /'
    fi
    echo "not ok - $name (exit code $code, ${secs} s)"
    failed=$((failed + 1))
    keep_tmp=1
  fi
  # No server may outlive its editor ($server is this run's private copy: only our own processes match).
  local i pids=""
  for i in $(seq 1 50); do
    pids=$(pgrep -f "^$server serve" || true)
    [ -z "$pids" ] && break
    sleep 0.1
  done
  if [ -n "$pids" ]; then
    echo "not ok - $name left the server running (pid $pids)"
    failed=$((failed + 1))
    for i in $pids; do kill "$i" 2>/dev/null || true; done
  fi
}

# A client whose editor is missing fails loudly, naming the Debian packages to install.
require() {
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "not ok - $2 ($1 not installed: apt-get install -y --no-install-recommends $3)"
  failed=$((failed + 1))
  return 1
}

for client in $clients; do
  case "$client" in
    neovim)
      require nvim neovim "neovim" || continue
      echo "# $(nvim --version | head -n 1)"
      run_client neovim "$tmp/server-neovim.log" \
        nvim --headless -u NONE -i NONE -n -c 'luafile tests/e2e/neovim/e2e.lua' "$file"
      ;;
    emacs)
      require emacs emacs "emacs-nox elpa-eglot" || continue
      echo "# $(emacs --version | head -n 1)"
      run_client emacs "$tmp/server-emacs.log" \
        emacs --batch -l tests/e2e/emacs/e2e.el
      ;;
    *)
      echo "not ok - unknown client \"$client\" (known: neovim emacs)"
      failed=$((failed + 1))
      ;;
  esac
done

echo "e2e editors: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
