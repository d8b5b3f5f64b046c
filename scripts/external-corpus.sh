#!/usr/bin/env bash
# Re-create the external evaluation corpus (eval/external/sources.json) from
# Open Terms Archive "*-versions" git repositories.
#
#   bash scripts/external-corpus.sh [OUT_DIR]
#
# OUT_DIR defaults to $POLICYLSP_EXTERNAL_CORPUS, else eval/external/texts
# (git-ignored). Repositories are read from local bare mirrors under
# $POLICYLSP_MIRRORS (default /work/.mirror, layout <owner>+<name>/repo), or
# from a blob-less bare clone cached in $POLICYLSP_MIRROR_CACHE (default
# ~/.cache/policylsp/mirrors). Every file is written with `git show COMMIT:PATH`
# and checked against the manifest's blob id.
#
# Exit codes: 0 ok, 2 usage/manifest error, 3 repositories missing, 4 blob mismatch.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MANIFEST=${POLICYLSP_EXTERNAL_MANIFEST:-$ROOT/eval/external/sources.json}
OUT=${1:-${POLICYLSP_EXTERNAL_CORPUS:-$ROOT/eval/external/texts}}
MIRRORS=${POLICYLSP_MIRRORS:-/work/.mirror}
CACHE=${POLICYLSP_MIRROR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/policylsp/mirrors}

[[ -f "$MANIFEST" ]] || { echo "manifest not found: $MANIFEST" >&2; exit 2; }
command -v git >/dev/null || { echo "git is required" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is required" >&2; exit 2; }
mkdir -p "$OUT"

SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export MANIFEST OUT MIRRORS CACHE SCRIPTS
python3 - <<'PY'
import json, os, sys
sys.path.insert(0, os.environ["SCRIPTS"])
from ota_mirrors import find_repos, restore_checked

manifest, out = os.environ["MANIFEST"], os.environ["OUT"]
mirrors, cache = os.environ["MIRRORS"], os.environ["CACHE"]
docs = json.load(open(manifest, encoding="utf-8"))["documents"]

repos = find_repos((d["repo"] for d in docs), mirrors, cache)

mismatches, n = [], 0
for d in docs:
    error = restore_checked(repos[d["repo"]], d["commit"], d["path"], os.path.join(out, d["file"]), d["blob"])
    if error:
        mismatches.append(f'{d["id"]}: {error}')
    else:
        n += 1
if mismatches:
    print("blob mismatches (files deleted):\n  " + "\n  ".join(mismatches), file=sys.stderr)
    sys.exit(4)
print(f"{n} documents re-created in {out}")
PY
