namespace PolicyLsp.Analysis.Tests;

internal static class TestPaths
{
    /// <summary>The repository root: the folder holding PolicyLsp.sln above the test binaries.</summary>
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>The real corpus: $POLICYLSP_CORPUS, else beside the checkout (../shared/corpus/real).</summary>
    public static string Corpus =>
        Environment.GetEnvironmentVariable("POLICYLSP_CORPUS") is { Length: > 0 } env
            ? Path.GetFullPath(env)
            : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "corpus", "real"));

    public static bool HasCorpus => Directory.Exists(Corpus);

    /// <summary>Why a test that needs the real corpus is skipped.</summary>
    public static string NoCorpus => $"the real corpus is not at {Corpus} (set POLICYLSP_CORPUS or put ../shared beside the checkout)";

    /// <summary>The evaluation labels shared with <c>policylsp eval</c> (eval/ at the repository root).</summary>
    public static string Eval => Path.Combine(RepoRoot, "eval");

    /// <summary>
    /// The external documents re-created by scripts/external-corpus.sh: $POLICYLSP_EXTERNAL_CORPUS, else
    /// eval/external/texts; null when absent (the tests that need them skip, saying so).
    /// </summary>
    public static string? ExternalCorpus =>
        Environment.GetEnvironmentVariable("POLICYLSP_EXTERNAL_CORPUS") is { Length: > 0 } env
            ? (Directory.Exists(env) ? env : null)
            : Directory.Exists(Path.Combine(Eval, "external", "texts")) ? Path.Combine(Eval, "external", "texts") : null;

    public static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    /// <summary>
    /// The fixtures, the examples and (when beside the checkout) the real corpus, by file name: thousands of sentences,
    /// hundreds of clauses. <paramref name="corpusFiles"/> limits how many corpus files are read.
    /// </summary>
    public static IEnumerable<(string Name, string Text)> PolicyDocuments(int corpusFiles = int.MaxValue)
    {
        var files = Directory.EnumerateFiles(Fixtures, "*.md")
            .Concat(Directory.EnumerateFiles(Path.Combine(RepoRoot, "examples"), "*.md"));
        if (Directory.Exists(Corpus))
        {
            files = files.Concat(Directory.EnumerateFiles(Corpus, "*.md", SearchOption.AllDirectories).Take(corpusFiles));
        }

        return Read(files);
    }

    /// <summary>The real corpus's policies alone (none when it is not beside the checkout).</summary>
    public static IEnumerable<(string Name, string Text)> CorpusDocuments() =>
        Directory.Exists(Corpus) ? Read(Directory.EnumerateFiles(Corpus, "*.md", SearchOption.AllDirectories)) : [];

    /// <summary>The readable files among <paramref name="files"/>, in name order, by file name.</summary>
    private static IEnumerable<(string Name, string Text)> Read(IEnumerable<string> files)
    {
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            if (Text.DocumentReader.TryRead(file, out var text, out _))
            {
                yield return (Path.GetFileName(file), text);
            }
        }
    }

    private static string FindRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "PolicyLsp.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("PolicyLsp.sln not found above the test binaries");
    }
}
