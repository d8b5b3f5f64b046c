using System.Text.Json;
using PolicyLsp.Analysis.Configuration;

namespace PolicyLsp.Analysis.Tests;

/// <summary>The server's and the CLI's answer to "is this Markdown file a policy?" on the table the extension also answers.</summary>
public sealed class PolicyFileDecisionTests
{
    public static TheoryData<string, string?, string, bool> Cases()
    {
        var data = new TheoryData<string, string?, string, bool>();
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", "policy-files.json")));
        foreach (var c in json.RootElement.GetProperty("cases").EnumerateArray())
        {
            var globs = c.GetProperty("globs");
            data.Add(
                c.GetProperty("path").GetString()!,
                globs.ValueKind == JsonValueKind.Null ? null : string.Join('\n', globs.EnumerateArray().Select(g => g.GetString())),
                c.GetProperty("text").GetString()!,
                c.GetProperty("policy").GetBoolean());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_shared_table_is_answered_the_same(string path, string? globs, string text, bool policy)
    {
        var patterns = globs is null ? PolicyConfig.DefaultPolicyFiles : globs.Split('\n');
        Assert.Equal(policy, PolicyFiles.IsPolicy(path, patterns, () => text));
    }
}
