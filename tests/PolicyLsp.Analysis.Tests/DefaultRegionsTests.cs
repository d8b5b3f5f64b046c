using System.Text.Json;
using PolicyLsp.Analysis.Configuration;

namespace PolicyLsp.Analysis.Tests;

/// <summary>
/// The default required regions are spelled once in C# (<see cref="PolicyConfig.DefaultRequiredRegions"/>); the copies
/// that editors and readers see — the config schema, the VS Code setting and the two settings tables — must say the same.
/// </summary>
public sealed class DefaultRegionsTests
{
    [Fact]
    public void The_engine_uses_the_one_constant()
    {
        Assert.Same(PolicyConfig.DefaultRequiredRegions, PolicyConfig.Default.RequiredRegions);
        Assert.Equal(["EU", "EEA", "UK", "CH"], PolicyConfig.DefaultRequiredRegions);
    }

    [Fact]
    public void The_config_schema_default_is_the_engines()
    {
        using var schema = Json("schemas", "policylsp.schema.json");
        var regions = schema.RootElement.GetProperty("properties").GetProperty("regions").GetProperty("default");
        Assert.Equal(PolicyConfig.DefaultRequiredRegions, Strings(regions));
    }

    [Fact]
    public void The_vscode_setting_default_is_the_engines()
    {
        using var package = Json("client-vscode", "package.json");
        var setting = package.RootElement.GetProperty("contributes").GetProperty("configuration").GetProperty("properties").GetProperty("policyLsp.regions");
        Assert.Equal(PolicyConfig.DefaultRequiredRegions, Strings(setting.GetProperty("default")));
    }

    [Theory]
    [InlineData("README.md", "regions")]
    [InlineData("client-vscode/README.md", "policyLsp.regions")]
    public void The_settings_tables_give_the_engines_default(string readme, string key)
    {
        // A table row: | `regions` | … | `["EU","EEA","UK","CH"]` |
        var row = File.ReadLines(Path.Combine(TestPaths.RepoRoot, readme)).Single(l => l.StartsWith($"| `{key}` |", StringComparison.Ordinal));
        var cell = row.Split('|').Select(c => c.Trim()).Single(c => c.StartsWith("`[", StringComparison.Ordinal));
        using var regions = JsonDocument.Parse(cell.Trim('`'));
        Assert.Equal(PolicyConfig.DefaultRequiredRegions, Strings(regions.RootElement));
    }

    private static JsonDocument Json(params string[] path) => JsonDocument.Parse(File.ReadAllText(Path.Combine([TestPaths.RepoRoot, .. path])));

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();
}
