#!/usr/bin/env bash
# Re-create the texts of the material-change evaluation (eval/changes/pairs.json):
# both versions of every pair, from Open Terms Archive "*-versions" git repositories.
#
#   bash scripts/change-pairs.sh [OUT_DIR]
#
# OUT_DIR defaults to $POLICYLSP_CHANGE_TEXTS, else eval/changes/texts (git-ignored).
# Repositories are read from local bare mirrors under $POLICYLSP_MIRRORS (default
# /work/.mirror, layout <owner>+<name>/repo), or from a blob-less bare clone cached in
# $POLICYLSP_MIRROR_CACHE (default ~/.cache/policylsp/mirrors), as scripts/external-corpus.sh
# does. Every file is written with `git show COMMIT:PATH` and checked against the blob id
# in pairs.json.
#
# Exit codes: 0 ok, 2 usage/manifest error, 3 repositories missing, 4 blob mismatch.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MANIFEST=${POLICYLSP_CHANGE_PAIRS:-$ROOT/eval/changes/pairs.json}
OUT=${1:-${POLICYLSP_CHANGE_TEXTS:-$ROOT/eval/changes/texts}}
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
try:
    pairs = json.load(open(manifest, encoding="utf-8"))["pairs"]
except (ValueError, KeyError) as e:
    print(f"cannot read {manifest}: {e}", file=sys.stderr)
    sys.exit(2)

repos = find_repos((p["repo"] for p in pairs), mirrors, cache)

mismatches, n = [], 0
for p in pairs:
    for side in ("old", "new"):
        version = p[side]
        error = restore_checked(repos[p["repo"]], version["commit"], p["path"], os.path.join(out, p["files"][side]), version["blob"])
        if error:
            mismatches.append(f'{p["id"]} {side}: {error}')
        else:
            n += 1
if mismatches:
    print("blob mismatches (files deleted):\n  " + "\n  ".join(mismatches), file=sys.stderr)
    sys.exit(4)
print(f"{n} texts of {len(pairs)} pairs re-created in {out}")
PY
