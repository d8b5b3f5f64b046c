using System.Diagnostics;
using System.Text;
using PolicyLsp.Analysis.Text;

namespace PolicyLsp.Analysis.Changes;

public enum GitVersionStatus
{
    /// <summary>The file's text at the revision.</summary>
    Found,

    /// <summary>The revision exists but the file does not (new since then): every clause is new.</summary>
    NotInRevision,

    /// <summary>The file is not inside a git work tree.</summary>
    NotARepository,

    /// <summary>The revision is not a commit of the repository, or is not a revision at all.</summary>
    UnknownRevision,

    /// <summary>Git is missing, timed out, or the text is not readable (binary, too large).</summary>
    Failed,
}

/// <summary>A file's text at a revision, or why there is none.</summary>
public sealed record GitVersion(GitVersionStatus Status, string? Text, string? Error);

/// <summary>
/// Reads the committed version of a file with <c>git show REV:./NAME</c> in the file's folder. Revisions and paths come
/// from users and shared repositories, so git is run without a shell, a revision that could be read as an option or
/// names a path itself is refused, output is capped like any document (<see cref="DocumentReader.MaxBytes"/>) and each
/// git run has a deadline.
/// </summary>
public static class GitVersions
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Longest revision accepted ("HEAD", "main", "v2.1", "HEAD~3", a 40- or 64-digit hash).</summary>
    public const int MaxRevisionLength = 256;

    /// <summary>Why a revision is refused before git sees it, or null when it may be passed to git.</summary>
    public static string? CheckRevision(string revision)
    {
        if (revision.Length == 0 || revision.Length > MaxRevisionLength)
        {
            return $"a revision has 1 to {MaxRevisionLength} characters";
        }

        if (revision[0] == '-')
        {
            return $"\"{revision}\" is not a revision (it starts with '-')";
        }

        return revision.Any(c => char.IsControl(c) || c is ':' or ' ') ? $"\"{Shown(revision)}\" is not a revision (no spaces, colons or control characters)" : null;
    }

    public static GitVersion Show(string filePath, string revision, TimeSpan? timeout = null)
    {
        if (CheckRevision(revision) is { } refused)
        {
            return new GitVersion(GitVersionStatus.UnknownRevision, null, refused);
        }

        string folder, name;
        try
        {
            var full = Path.GetFullPath(filePath);
            folder = Path.GetDirectoryName(full) ?? ".";
            name = Path.GetFileName(full);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return new GitVersion(GitVersionStatus.Failed, null, ex.Message);
        }

        if (!Directory.Exists(folder))
        {
            return new GitVersion(GitVersionStatus.NotARepository, null, $"{folder}: no such folder");
        }

        var deadline = timeout ?? DefaultTimeout;
        var inside = Run(folder, deadline, "rev-parse", "--is-inside-work-tree");
        if (inside.Error is { } missing)
        {
            return new GitVersion(GitVersionStatus.Failed, null, missing);
        }

        if (inside.Code != 0 || inside.Output.Trim() != "true")
        {
            return new GitVersion(GitVersionStatus.NotARepository, null, $"{folder} is not in a git repository");
        }

        var commit = Run(folder, deadline, "rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}");
        if (commit.Error is { } failed)
        {
            return new GitVersion(GitVersionStatus.Failed, null, failed);
        }

        if (commit.Code != 0)
        {
            return new GitVersion(GitVersionStatus.UnknownRevision, null, $"unknown revision \"{revision}\"");
        }

        var id = commit.Output.Trim();
        var exists = Run(folder, deadline, "cat-file", "-e", $"{id}:./{name}");
        if (exists.Error is { } broken)
        {
            return new GitVersion(GitVersionStatus.Failed, null, broken);
        }

        if (exists.Code != 0)
        {
            return new GitVersion(GitVersionStatus.NotInRevision, null, $"{name} is not in {revision}");
        }

        var show = Run(folder, deadline, "show", $"{id}:./{name}");
        if (show.Error is { } error || show.Code != 0)
        {
            return new GitVersion(GitVersionStatus.Failed, null, show.Error ?? $"git show failed: {Shown(show.Errors)}");
        }

        return show.Output.Contains('\0')
            ? new GitVersion(GitVersionStatus.Failed, null, $"{name} at {revision} is not text")
            : new GitVersion(GitVersionStatus.Found, show.Output, null);
    }

    private readonly record struct GitRun(int Code, string Output, string Errors, string? Error);

    private static GitRun Run(string folder, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in new[] { "-C", folder, "--no-pager", "-c", "core.quotePath=false" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        // Never ask for credentials or open an editor; the user's locale cannot change git's answers.
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        start.Environment["LC_ALL"] = "C";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new GitRun(-1, string.Empty, string.Empty, $"git is not available: {ex.Message}");
        }

        using (process)
        {
            process.StandardInput.Close();
            var output = ReadCappedAsync(process.StandardOutput, DocumentReader.MaxBytes);
            var errors = ReadCappedAsync(process.StandardError, 64 * 1024);
            if (!process.WaitForExit(timeout))
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                }

                return new GitRun(-1, string.Empty, string.Empty, $"git took longer than {timeout.TotalSeconds:0} s");
            }

            var text = output.GetAwaiter().GetResult();
            return text is null
                ? new GitRun(-1, string.Empty, string.Empty, $"the file is larger than {DocumentReader.MaxBytes / (1024 * 1024)} MiB")
                : new GitRun(process.ExitCode, text, errors.GetAwaiter().GetResult() ?? string.Empty, null);
        }
    }

    /// <summary>Reads a stream to its end; null when it holds more than <paramref name="maxChars"/> characters (the rest is drained).</summary>
    private static async Task<string?> ReadCappedAsync(StreamReader reader, long maxChars)
    {
        var builder = new StringBuilder();
        var buffer = new char[16 * 1024];
        var over = false;
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            if (!over && builder.Length + read > maxChars)
            {
                over = true;
                builder.Clear();
            }

            if (!over)
            {
                builder.Append(buffer, 0, read);
            }
        }

        return over ? null : builder.ToString();
    }

    private static string Shown(string text)
    {
        var line = new string(text.Where(c => !char.IsControl(c)).Take(80).ToArray());
        return line.Trim();
    }
}
