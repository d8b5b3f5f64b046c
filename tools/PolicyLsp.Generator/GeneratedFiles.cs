using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using PolicyLsp.Analysis.Findings;
using PolicyLsp.Analysis.Rules;

namespace PolicyLsp.Generator;

/// <summary>A file of the repository with parts generated from the rule descriptors: as committed, and as it should be.</summary>
public sealed record GeneratedFile(string Path, string Committed, string Expected)
{
    public bool IsUpToDate => Committed == Expected;
}

/// <summary>
/// The parts of the repository that list the rules or their severities, rendered from a <see cref="RuleCatalog"/>:
/// the engine's list of rule classes, the config schema's <c>rules</c>, the VS Code extension's
/// <c>policyLsp.rules</c> setting and its rule codes, and the README's rule table. Everything around those parts is
/// left as written.
/// </summary>
public static class GeneratedFiles
{
    public const string Command = "dotnet run --project tools/PolicyLsp.Generator -- --write";

    public const string Registry = "src/PolicyLsp.Analysis/Rules/RuleCatalog.Registered.cs";
    public const string Schema = "schemas/policylsp.schema.json";
    public const string PackageJson = "client-vscode/package.json";
    public const string ClientCore = "client-vscode/src/core.ts";
    public const string Readme = "README.md";

    public const string ReadmeBegin = "<!-- rules:begin";
    public const string ReadmeEnd = "<!-- rules:end -->";
    public const string CodeBegin = "// rules:begin";
    public const string CodeEnd = "// rules:end";

    private static readonly JsonSerializerOptions PackageJsonStyle = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Every generated file under <paramref name="repoRoot"/>, read as committed and rendered from <paramref name="catalog"/>.</summary>
    public static IReadOnlyList<GeneratedFile> Render(string repoRoot, RuleCatalog catalog) =>
        [
            Render(repoRoot, Registry, _ => RegistryFile(catalog)),
            Render(repoRoot, Schema, text => SchemaRules(text, catalog)),
            Render(repoRoot, PackageJson, text => PackageJsonRules(text, catalog)),
            Render(repoRoot, ClientCore, text => ClientRuleCodes(text, catalog)),
            Render(repoRoot, Readme, text => ReadmeTable(text, catalog)),
        ];

    /// <summary>
    /// The engine's rules as its classes say, found by reflection here so that the engine need not: every concrete
    /// <see cref="IPolicyRule"/> with a parameterless constructor in its assembly.
    /// </summary>
    public static RuleCatalog EngineCatalog() => new(RuleClasses(typeof(RuleCatalog).Assembly));

    internal static IEnumerable<IPolicyRule> RuleClasses(Assembly assembly) =>
        assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IPolicyRule).IsAssignableFrom(t)
                && t.GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes) is not null)
            .Select(t => (IPolicyRule)Activator.CreateInstance(t, nonPublic: true)!);

    /// <summary>The engine's list of rule classes, in code order: what <see cref="RuleCatalog.Default"/> constructs.</summary>
    public static string RegistryFile(RuleCatalog catalog)
    {
        var text = new StringBuilder($$"""
            // Generated from the rule classes by tools/PolicyLsp.Generator ({{Command}}): do not edit.
            namespace PolicyLsp.Analysis.Rules;

            public sealed partial class RuleCatalog
            {
                private static IPolicyRule[] Registered() =>
                [

            """);
        foreach (var rule in catalog.Rules)
        {
            text.Append($"        new global::{rule.GetType().FullName!.Replace('+', '.')}(),\n");
        }

        return text.Append("    ];\n}\n").ToString();
    }

    /// <summary>Severities a setting may name, most severe first, then <c>off</c>.</summary>
    public static IReadOnlyList<string> SeverityNames(bool withOff) =>
        [.. Enum.GetValues<Severity>().Reverse().Select(s => s.ToName()), .. withOff ? ["off"] : Array.Empty<string>()];

    /// <summary>The schema's <c>properties.rules</c>: codes and names a config may use, and what each may be set to.</summary>
    public static string SchemaRules(string schema, RuleCatalog catalog) =>
        JsonSplice.Replace(schema, ["properties", "rules"], indent =>
        {
            var first = catalog.Descriptors[0];
            var names = catalog.Descriptors.Select(r => r.Code).Concat(catalog.Descriptors.Select(r => r.Name));
            var lines = new[]
            {
                "{",
                $"  \"description\": {Quote($"Per-rule severity or off, by code ({first.Code}) or name ({first.Name}).")},",
                "  \"type\": \"object\",",
                "  \"propertyNames\": {",
                $"    \"enum\": {InlineArray(names)}",
                "  },",
                "  \"additionalProperties\": {",
                "    \"oneOf\": [",
                $"      {{ \"enum\": {InlineArray(SeverityNames(withOff: true))} }},",
                "      { \"type\": \"boolean\" },",
                "      {",
                "        \"type\": \"object\",",
                "        \"additionalProperties\": false,",
                "        \"properties\": {",
                $"          \"severity\": {{ \"enum\": {InlineArray(SeverityNames(withOff: false))} }},",
                "          \"enabled\": { \"type\": \"boolean\" }",
                "        }",
                "      }",
                "    ]",
                "  }",
                "}",
            };
            return string.Join("\n" + indent, lines);
        });

    /// <summary>The extension's <c>policyLsp.rules</c> setting: one property per rule code, each a severity or off.</summary>
    public static string PackageJsonRules(string packageJson, RuleCatalog catalog) =>
        JsonSplice.Replace(packageJson, ["contributes", "configuration", "properties", "policyLsp.rules"], indent =>
        {
            JsonArray Levels() => [.. SeverityNames(withOff: true).Select(s => (JsonNode)s)];
            var perRule = new JsonObject();
            foreach (var rule in catalog.Descriptors)
            {
                perRule[rule.Code] = new JsonObject { ["type"] = "string", ["enum"] = Levels(), ["description"] = rule.Name };
            }

            var levels = SeverityNames(withOff: true).Select(s => $"`{s}`").ToList();
            var setting = new JsonObject
            {
                ["type"] = "object",
                ["default"] = new JsonObject(),
                ["properties"] = perRule,
                ["additionalProperties"] = new JsonObject { ["type"] = "string", ["enum"] = Levels() },
                ["markdownDescription"] = $"Severity per rule (code or name): {string.Join(", ", levels[..^1])} or {levels[^1]}. When set, overrides `rules` in `.policylsp.json`.",
                ["scope"] = "resource",
            };
            return setting.ToJsonString(PackageJsonStyle).Replace("\n", "\n" + indent, StringComparison.Ordinal);
        });

    /// <summary>The extension's list of rule codes (which diagnostics are ours, which pages it can open).</summary>
    public static string ClientRuleCodes(string core, RuleCatalog catalog) =>
        MarkedRegion.Replace(
            core,
            CodeBegin,
            CodeEnd,
            $"export const RULE_CODES = [{string.Join(", ", catalog.Descriptors.Select(r => $"'{r.Code}'"))}] as const;\n");

    /// <summary>The README's rule table: code (linked to its page), name, what it flags.</summary>
    public static string ReadmeTable(string readme, RuleCatalog catalog)
    {
        var table = new StringBuilder("| Code | Name | Flags |\n|---|---|---|\n");
        foreach (var rule in catalog.Descriptors)
        {
            table.Append($"| [{rule.Code}]({rule.DocPage}) | `{rule.Name}` | {rule.Flags} |\n");
        }

        return MarkedRegion.Replace(readme, ReadmeBegin, ReadmeEnd, table.ToString());
    }

    private static GeneratedFile Render(string repoRoot, string path, Func<string, string> render)
    {
        var full = System.IO.Path.Combine(repoRoot, path);
        var committed = File.Exists(full) ? File.ReadAllText(full) : string.Empty;
        return new GeneratedFile(path, committed, render(committed));
    }

    private static string Quote(string text) => JsonSerializer.Serialize(text, PackageJsonStyle);

    private static string InlineArray(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(Quote)) + "]";
}
