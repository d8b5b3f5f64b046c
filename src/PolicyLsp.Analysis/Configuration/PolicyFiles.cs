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
            || (frontMatter.GetString("policy", "policylsp-policy") is { } value && value.Equals("true", StringComparison.OrdinalIgnoreCase));
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

    /// <summary>Markdown files under a folder, skipping build and dependency folders.</summary>
    public static IEnumerable<string> MarkdownFilesUnder(string root)
    {
        var stack = new Stack<string>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var dir = stack.Pop();
            string[] files;
            string[] dirs;
            try
            {
                files = Directory.GetFiles(dir);
                dirs = Directory.GetDirectories(dir);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            Array.Sort(files, StringComparer.Ordinal);
            foreach (var file in files)
            {
                if (IsMarkdown(file))
                {
                    yield return file;
                }
            }

            Array.Sort(dirs, StringComparer.Ordinal);
            for (var i = dirs.Length - 1; i >= 0; i--)
            {
                if (!SkippedFolders.Contains(Path.GetFileName(dirs[i])))
                {
                    stack.Push(dirs[i]);
                }
            }
        }
    }
}
