namespace PolicyLsp.Analysis.Tests;

internal static class TestPaths
{
    /// <summary>The repository root: the folder holding PolicyLsp.sln above the test binaries.</summary>
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>The real corpus, beside the checkout (../shared/corpus/real).</summary>
    public static string Corpus => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "corpus", "real"));

    /// <summary>The evaluation labels shared with <c>policylsp eval</c> (eval/ at the repository root).</summary>
    public static string Eval => Path.Combine(RepoRoot, "eval");

    public static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures");

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
