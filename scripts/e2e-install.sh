#!/usr/bin/env bash
# Install paths, tested as a user takes them: the `policylsp` .NET tool package (dotnet pack → dotnet tool install
# from a local folder, no other package source → `policylsp check`), and the pre-commit hook of
# .pre-commit-hooks.yaml in a temporary repository (Debian's pre-commit builds the tool from this repository's
# committed HEAD, as it would from a tag). Prints one "ok …" / "not ok …" line per check.
#
#   bash scripts/e2e-install.sh
#   POLICYLSP_INSTALL_TESTS=tool bash scripts/e2e-install.sh     # the tool package only
#
# Needs: the .NET 10 SDK, git, pre-commit (Debian: pre-commit; .ci/run installs it).
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
repo=$(pwd)
tests=${POLICYLSP_INSTALL_TESTS:-tool pre-commit}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; shift; for line in "$@"; do echo "    $line"; done; }

# A NuGet config with no sources: what is installed can only come from the folder given with --add-source.
cat > "$tmp/nuget.config" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><clear /></packageSources></configuration>
XML

if [[ " $tests " == *" tool "* ]]; then
  version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' src/PolicyLsp/PolicyLsp.csproj | head -1)
  if dotnet pack src/PolicyLsp -c Release -o "$tmp/nupkg" -nologo -v q >"$tmp/pack.log" 2>&1 \
    && [ -f "$tmp/nupkg/PolicyLsp.$version.nupkg" ]; then
    ok "dotnet pack makes the tool package PolicyLsp.$version.nupkg ($(du -k "$tmp/nupkg/PolicyLsp.$version.nupkg" | cut -f1) KiB)"
  else
    not_ok "dotnet pack makes the tool package" "$(tail -5 "$tmp/pack.log")"
  fi

  if dotnet tool install --tool-path "$tmp/tools" --configfile "$tmp/nuget.config" --add-source "$tmp/nupkg" PolicyLsp >"$tmp/install.log" 2>&1 \
    && [ -x "$tmp/tools/policylsp" ]; then
    ok "dotnet tool install --tool-path … --add-source … PolicyLsp puts policylsp in the tool path"
  else
    not_ok "dotnet tool install from the local folder" "$(tail -5 "$tmp/install.log")"
  fi

  installed=$("$tmp/tools/policylsp" --version 2>/dev/null)
  if [ "$installed" = "$version" ]; then ok "the installed policylsp --version says $version"; else not_ok "policylsp --version" "got '$installed', expected '$version'"; fi

  # The README's first command, run by the installed tool: same report as the build in the checkout.
  "$tmp/tools/policylsp" check examples/ >"$tmp/tool.out" 2>"$tmp/tool.err"
  code=$?
  dotnet run --project src/PolicyLsp -- check examples/ >"$tmp/repo.out" 2>/dev/null
  if [ "$code" -eq 1 ] && grep -q "6 findings in 2 files checked" "$tmp/tool.err" && cmp -s "$tmp/tool.out" "$tmp/repo.out"; then
    ok "the installed tool checks examples/: exit 1, 6 findings in 2 files, the same report as dotnet run"
  else
    not_ok "the installed tool checks examples/" "exit $code" "$(tail -2 "$tmp/tool.err")" "$(diff "$tmp/tool.out" "$tmp/repo.out" | head -5)"
  fi
fi

if [[ " $tests " == *" tool "* ]] && [ -x "$tmp/tools/policylsp" ]; then
  # The documented GitHub Actions workflow (docs/ci/github-actions.yml): its own shell steps, run with the installed
  # tool on PATH, in a repository whose pull-request branch adds an AI-training use to a policy.
  steps=$(python3 - docs/ci/github-actions.yml "$tmp" <<'PY'
import sys, yaml
workflow = yaml.safe_load(open(sys.argv[1]))
out = sys.argv[2]
for job in ("check", "material-changes"):
    for step in workflow["jobs"][job]["steps"]:
        name = step.get("name", "")
        if "run" in step and not name.startswith(("Install", "Comment")):
            path = f"{out}/{job}.sh"
            with open(path, "a") as f:
                f.write(step["run"].replace("${{ github.base_ref }}", "main") + "\n")
uploads = [s for s in workflow["jobs"]["check"]["steps"] if s.get("uses", "").startswith("github/codeql-action/upload-sarif")]
print(uploads[0]["with"]["sarif_file"] if uploads else "")
PY
  )
  ci="$tmp/ci-origin"
  mkdir -p "$ci/legal"
  git -C "$ci" init -q -b main
  git -C "$ci" config user.email ci-test@example.invalid && git -C "$ci" config user.name "CI test"
  printf '# Privacy Policy\n\nLast updated: 1 March 2026\n\n## Your posts\n\nWe show your posts to the people you share them with.\n' > "$ci/legal/privacy.md"
  git -C "$ci" add -A && git -C "$ci" commit -qm base
  git clone -q "$ci" "$tmp/ci-clone"
  git -C "$tmp/ci-clone" checkout -qb change
  printf '# Privacy Policy\n\nLast updated: 1 June 2026\n\n## Your posts\n\nWe show your posts to the people you share them with, and we use them to train our AI models.\n' > "$tmp/ci-clone/legal/privacy.md"
  (cd "$tmp/ci-clone" && PATH="$tmp/tools:$PATH" POLICY_DIR=legal bash -e "$tmp/check.sh") >"$tmp/ci-check.log" 2>&1
  check_code=$?
  (cd "$tmp/ci-clone" && PATH="$tmp/tools:$PATH" POLICY_DIR=legal bash -e "$tmp/material-changes.sh") >"$tmp/ci-diff.log" 2>&1
  diff_code=$?
  sarif="$tmp/ci-clone/$steps"
  if [ "$check_code" -eq 0 ] && [ -n "$steps" ] && python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['runs'][0]['results']; sys.exit(0 if any(x['ruleId']=='PL101' for x in r) else 1)" "$sarif" 2>/dev/null; then
    ok "docs/ci/github-actions.yml: the check step writes the SARIF file the upload step names ($steps), with the PL101 finding"
  else
    not_ok "docs/ci/github-actions.yml check step" "exit $check_code" "$(tail -5 "$tmp/ci-check.log")"
  fi
  if [ "$diff_code" -eq 0 ] && grep -q "PL301" "$tmp/ci-clone/report.md" 2>/dev/null; then
    ok "docs/ci/github-actions.yml: the pull-request step writes a Markdown report with the new AI-training use (PL301)"
  else
    not_ok "docs/ci/github-actions.yml material-changes step" "exit $diff_code" "$(tail -5 "$tmp/ci-diff.log")" "$(head -5 "$tmp/ci-clone/report.md" 2>/dev/null)"
  fi
fi

if [[ " $tests " == *" pre-commit "* ]]; then
  if ! command -v pre-commit >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo=sudo
    command -v apt-get >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq pre-commit >/dev/null 2>&1
  fi
  if ! command -v pre-commit >/dev/null 2>&1; then
    not_ok "pre-commit hook" "pre-commit is not installed (Debian: apt-get install pre-commit)"
  else
    rev=$(git -C "$repo" rev-parse HEAD)
    work="$tmp/project"
    mkdir -p "$work/docs"
    git -C "$work" init -q
    git -C "$work" config user.email hook-test@example.invalid
    git -C "$work" config user.name "Hook test"
    cat > "$work/.pre-commit-config.yaml" <<YAML
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: policylsp
YAML
    # A policy with a clause and nothing else, and a README that talks about the same practice but is not a policy.
    printf '# Privacy Policy\n\n## Your posts\n\nWe may use your posts to train our AI models.\n' > "$work/docs/privacy.md"
    printf '# Our service\n\nThe team will use posts to train AI models next year; see the privacy policy.\n' > "$work/README.md"
    git -C "$work" add -A
    export PRE_COMMIT_HOME="$tmp/pre-commit-home"
    (cd "$work" && timeout 900 pre-commit run --all-files) >"$tmp/hook1.log" 2>&1
    code=$?
    if [ "$code" -eq 1 ] && grep -q "docs/privacy.md:5:1: warning PL101" "$tmp/hook1.log" && ! grep -q "README.md:" "$tmp/hook1.log"; then
      ok "pre-commit builds the hook from $repo@${rev:0:7} and it fails on the policy's clause (PL101 at docs/privacy.md:5), not on the README"
    else
      not_ok "pre-commit hook on a policy with a clause" "exit $code (expected 1)" "$(tail -15 "$tmp/hook1.log")"
    fi

    printf '# Privacy Policy\n\n## Your posts\n\nWe show your posts to the people you share them with.\n' > "$work/docs/privacy.md"
    git -C "$work" add -A
    (cd "$work" && timeout 300 pre-commit run --all-files) >"$tmp/hook2.log" 2>&1
    code=$?
    if [ "$code" -eq 0 ] && grep -q "Passed" "$tmp/hook2.log"; then
      ok "the hook passes once the clause is gone"
    else
      not_ok "pre-commit hook on a clean policy" "exit $code (expected 0)" "$(tail -10 "$tmp/hook2.log")"
    fi
  fi
fi
