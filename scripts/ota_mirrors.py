"""Where the Open Terms Archive version repositories are on this machine (shared by the scripts that re-create texts).

A repository "owner/name" is looked for as a bare git directory under MIRRORS (<owner>+<name>/repo, <owner>+<name>,
<owner>+<name>.git), then in CACHE; failing that it is cloned there (bare, blob-less) from GitHub.
"""
import os
import subprocess
import sys


def is_git_dir(d):
    return os.path.isdir(d) and subprocess.run(
        ["git", "--git-dir", d, "rev-parse", "--git-dir"],
        capture_output=True).returncode == 0


def find_repo(repo, mirrors, cache):
    key = repo.replace("/", "+")
    for d in (os.path.join(mirrors, key, "repo"), os.path.join(mirrors, key),
              os.path.join(mirrors, key + ".git"), os.path.join(cache, key + ".git")):
        if is_git_dir(d):
            return d
    dest = os.path.join(cache, key + ".git")
    os.makedirs(cache, exist_ok=True)
    print(f"cloning https://github.com/{repo} (bare, blob-less) into {dest} ...", file=sys.stderr)
    r = subprocess.run(["git", "clone", "--quiet", "--bare", "--filter=blob:none",
                        f"https://github.com/{repo}", dest])
    if r.returncode == 0 and is_git_dir(dest):
        return dest
    subprocess.run(["rm", "-rf", dest])
    return None


def find_repos(names, mirrors, cache):
    """The git directory of every repository named; exits 3 naming those that cannot be found or cloned."""
    repos, missing = {}, []
    for repo in sorted(set(names)):
        g = find_repo(repo, mirrors, cache)
        if g:
            repos[repo] = g
        else:
            missing.append(repo)
    if missing:
        print("missing repositories (no local mirror and clone failed): " + ", ".join(missing), file=sys.stderr)
        print(f"fetch them into {mirrors}/<owner>+<name>/repo or make github.com reachable", file=sys.stderr)
        sys.exit(3)
    return repos


def restore(git_dir, commit, path, target):
    """Writes PATH at COMMIT of the repository to TARGET: (its blob id, None), or (None, why) when git has no such file."""
    os.makedirs(os.path.dirname(target), exist_ok=True)
    r = subprocess.run(["git", "--git-dir", git_dir, "show", f"{commit}:{path}"], capture_output=True)
    if r.returncode != 0:
        return None, f'git show failed: {r.stderr.decode(errors="replace").strip()}'
    with open(target, "wb") as f:
        f.write(r.stdout)
    return subprocess.run(["git", "hash-object", target], capture_output=True, text=True).stdout.strip(), None


def restore_checked(git_dir, commit, path, target, blob):
    """restore(), then the blob id checked against the manifest's (a mismatching file is deleted); None or why not."""
    h, error = restore(git_dir, commit, path, target)
    if error:
        return error
    if h != blob:
        os.remove(target)
        return f"blob {h} != manifest {blob}"
    return None
