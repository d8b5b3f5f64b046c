using PolicyLsp.Analysis.Parsing;

namespace PolicyLsp.Analysis.Configuration;

/// <summary>Which Markdown files are policies: the config's globs, or front matter that says so.</summary>
public static class PolicyFiles
{
    private static readonly string[] MarkdownExtensions = [".md", ".markdown", ".mdx"];
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase)
    {
        ".git", "node_modules", "bin", "obj", ".vs", ".idea", "_site", "vendor",
    };

    public static bool IsMarkdown(string path) =>
        MarkdownExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>True when front matter marks the document as a policy (<c>policy: true</c> or a <c>policylsp:</c> map).</summary>
    public static bool FrontMatterSaysPolicy(string text)
    {
        var frontMatter = FrontMatter.Read(text, out _);
        return frontMatter.Values.ContainsKey("policylsp")
            || (frontMatter.GetString("policy", "policylsp-policy") is { } value
                && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("yes", StringComparison.OrdinalIgnoreCase) || value.Equals("on", StringComparison.OrdinalIgnoreCase)));
    }

    public static bool IsPolicy(string relativePath, IReadOnlyList<string> globs, Func<string?> readText)
    {
        if (!IsMarkdown(relativePath))
        {
            return false;
        }

        if (Glob.MatchesAny(globs, relativePath))
        {
            return true;
        }

        var text = readText();
        return text is not null && FrontMatterSaysPolicy(text);
    }

    /// <summary>Deepest folder nesting a walk descends into.</summary>
    public const int MaxWalkDepth = 64;

    /// <summary>Most folder entries a walk looks at (files and folders together) before it stops.</summary>
    public const int MaxWalkEntries = 500_000;

    /// <summary>
    /// Markdown files under a folder, skipping build and dependency folders. Links to folders are not followed (a
    /// link to "." or "/" would repeat the tree without end); links to files are yielded and judged when read. Each
    /// folder is visited once, the walk is bounded in depth and entries, and it stops when cancelled.
    /// </summary>
    public static IEnumerable<string> MarkdownFilesUnder(string root, CancellationToken cancellationToken = default)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<(string Path, int Depth)>();
        stack.Push((root, 0));
        var entries = 0;
        while (stack.Count > 0 && !cancellationToken.IsCancellationRequested)
        {
            var (dir, depth) = stack.Pop();
            if (!visited.Add(RealPath(dir)))
            {
                continue;
            }

            var files = new List<string>();
            var dirs = new List<string>();
            try
            {
                foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos())
                {
                    if (++entries > MaxWalkEntries || cancellationToken.IsCancellationRequested)
                    {
                        yield break;
                    }

                    var isLink = entry.Attributes.HasFlag(FileAttributes.ReparsePoint);
                    if (entry is DirectoryInfo)
                    {
                        if (!isLink && depth < MaxWalkDepth && !SkippedFolders.Contains(entry.Name))
                        {
                            dirs.Add(entry.FullName);
                        }
                    }
                    else if (IsMarkdown(entry.Name) && (!isLink || !Directory.Exists(entry.FullName)))
                    {
                        files.Add(Path.Combine(dir, entry.Name));
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                continue;
            }

            files.Sort(StringComparer.Ordinal);
            foreach (var file in files)
            {
                yield return file;
            }

            dirs.Sort(StringComparer.Ordinal);
            for (var i = dirs.Count - 1; i >= 0; i--)
            {
                stack.Push((Path.Combine(dir, Path.GetFileName(dirs[i])), depth + 1));
            }
        }
    }

    private static string RealPath(string dir)
    {
        try
        {
            var full = Path.GetFullPath(dir);
            return Directory.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return dir;
        }
    }
}
