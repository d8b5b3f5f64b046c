using PolicyLsp.Generator;

namespace PolicyLsp.Analysis.Tests.Rules;

/// <summary>The schema, the extension's settings and rule codes and the README's rule table follow the descriptors.</summary>
public sealed class GeneratedFilesTests
{
    public static TheoryData<string> Files() =>
        [GeneratedFiles.Registry, GeneratedFiles.Schema, GeneratedFiles.PackageJson, GeneratedFiles.ClientCore, GeneratedFiles.Readme];

    [Theory]
    [MemberData(nameof(Files))]
    public void The_committed_file_matches_the_rule_descriptors(string path)
    {
        var file = GeneratedFiles.Render(TestPaths.RepoRoot, GeneratedFiles.EngineCatalog()).Single(f => f.Path == path);
        Assert.True(
            file.IsUpToDate,
            $"{path} is out of date with the rule descriptors: run `{GeneratedFiles.Command}` from the repository root. "
            + $"First difference at line {FirstDifferentLine(file.Committed, file.Expected)}.");
    }

    [Fact]
    public void A_splice_keeps_everything_around_the_value()
    {
        var json = "{\n  \"a\": { \"b\": [1, 2],\n    \"c\": \"x\" },\n  \"d\": \"Flesch–Kincaid\"\n}\n";
        var replaced = JsonSplice.Replace(json, ["a", "b"], indent => "[\n" + indent + "  3\n" + indent + "]");
        Assert.Equal("{\n  \"a\": { \"b\": [\n    3\n  ],\n    \"c\": \"x\" },\n  \"d\": \"Flesch–Kincaid\"\n}\n", replaced);
        Assert.Throws<InvalidDataException>(() => JsonSplice.Replace(json, ["a", "e"], _ => "1"));
    }

    [Fact]
    public void A_marked_region_is_replaced_between_its_markers()
    {
        var text = "intro\n<!-- rules:begin -->\nold\nold\n<!-- rules:end -->\nend\n";
        Assert.Equal("intro\n<!-- rules:begin -->\nnew\n<!-- rules:end -->\nend\n", MarkedRegion.Replace(text, "<!-- rules:begin", "<!-- rules:end -->", "new\n"));
        Assert.Throws<InvalidDataException>(() => MarkedRegion.Replace("no markers\n", "<!-- rules:begin", "<!-- rules:end -->", "new\n"));
    }

    private static int FirstDifferentLine(string a, string b)
    {
        var (x, y) = (a.Split('\n'), b.Split('\n'));
        var line = 0;
        while (line < x.Length && line < y.Length && x[line] == y[line])
        {
            line++;
        }

        return line + 1;
    }
}
