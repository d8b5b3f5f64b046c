#!/usr/bin/env bash
# Runs a command on a machine that, for it, has no .NET: the folder the dotnet command lives in is replaced by an
# empty one in a private mount namespace (root only; the mount ends with the command). Fails if dotnet still runs.
#   bash scripts/without-dotnet.sh COMMAND [ARGS...]
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: bash scripts/without-dotnet.sh COMMAND [ARGS...]" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "without-dotnet: hiding .NET needs root (unshare --mount)" >&2; exit 2; }
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
empty=$(mktemp -d)
trap 'rmdir "$empty"' EXIT
# The inner shell gets the folders and the command as arguments: nothing is spliced into its script.
unshare --mount bash -c '
  mount --bind "$1" "$2"
  if dotnet --version >/dev/null 2>&1; then echo "without-dotnet: dotnet still runs" >&2; exit 1; fi
  echo "dotnet hidden: $2 is empty" >&2
  shift 2
  exec "$@"' without-dotnet "$empty" "$dotnet_root" "$@"
