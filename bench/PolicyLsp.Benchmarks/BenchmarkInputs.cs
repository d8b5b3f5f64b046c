namespace PolicyLsp.Benchmarks;

internal static class BenchmarkInputs
{
    public static string CorpusRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "PolicyLsp.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return Path.GetFullPath(Path.Combine(dir ?? ".", "..", "shared", "corpus", "real"));
    }

    public static IEnumerable<string> CorpusFiles() =>
        Directory.EnumerateFiles(CorpusRoot(), "*.md", SearchOption.AllDirectories)
            .Where(f => !f.Contains("_licenses") && Path.GetFileName(f) != "SOURCES.md")
            .OrderBy(f => f, StringComparer.Ordinal);

    /// <summary>Corpus files concatenated and cut at the last paragraph break before <paramref name="bytes"/> characters.</summary>
    public static string Sized(int bytes)
    {
        var text = Concatenated(bytes + 1);
        var cut = text.LastIndexOf("\n\n", Math.Min(text.Length - 1, bytes), StringComparison.Ordinal);
        return cut > 0 ? text[..cut] + "\n" : text[..bytes];
    }

    /// <summary>Corpus files concatenated until the text reaches the size.</summary>
    public static string Concatenated(int bytes)
    {
        var text = new System.Text.StringBuilder();
        while (text.Length < bytes)
        {
            foreach (var file in CorpusFiles())
            {
                text.Append(File.ReadAllText(file)).Append("\n\n");
                if (text.Length >= bytes)
                {
                    break;
                }
            }
        }

        return text.ToString();
    }
}
