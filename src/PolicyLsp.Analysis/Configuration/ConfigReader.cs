using System.Text.Json;
using PolicyLsp.Analysis.Findings;
using PolicyLsp.Analysis.Parsing;
using PolicyLsp.Analysis.Regions;
using PolicyLsp.Analysis.Text;
using PolicyLsp.Analysis.Vocabulary;

namespace PolicyLsp.Analysis.Configuration;

/// <summary>
/// Reads <c>.policylsp.json</c> files, editor settings and front-matter overrides onto a <see cref="PolicyConfig"/>.
/// A bad file or value is reported with its file and line, and the rest still applies.
/// </summary>
public static class ConfigReader
{
    public const string FileName = ".policylsp.json";

    /// <summary>A config file larger than this is refused (a real one is a few hundred bytes).</summary>
    public const long MaxConfigBytes = 1024 * 1024;

    private const string FrontMatterSource = "front matter";

    /// <summary>The source name of the editor's settings (<c>workspace/configuration</c> or <c>didChangeConfiguration</c>).</summary>
    public const string EditorSettingsSource = "editor settings";

    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 32,
    };

    /// <summary>The nearest config file at or above the document's folder, or null.</summary>
    public static string? FindFor(string documentPath)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(documentPath));
        while (!string.IsNullOrEmpty(dir))
        {
            var candidate = Path.Combine(dir, FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }

            dir = Path.GetDirectoryName(dir);
        }

        return null;
    }

    public static PolicyConfig LoadFile(string path, PolicyConfig baseConfig, List<AnalysisProblem> problems)
    {
        if (!DocumentReader.TryRead(path, MaxConfigBytes, out var text, out var error))
        {
            problems.Add(new AnalysisProblem($"cannot read config: {error}; using defaults", path));
            return baseConfig;
        }

        return Parse(text, path, baseConfig, problems) with { SourcePath = path };
    }

    public static PolicyConfig Parse(string json, string? path, PolicyConfig baseConfig, List<AnalysisProblem> problems)
    {
        try
        {
            using var document = JsonDocument.Parse(json, Options);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new AnalysisProblem("config must be a JSON object; using defaults", path, 1));
                return baseConfig;
            }

            return Apply(baseConfig, document.RootElement, new Source(path, json), problems);
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            problems.Add(new AnalysisProblem($"config is not valid JSON: {FirstSentence(ex.Message)}; using defaults", path, line));
            return baseConfig;
        }
    }

    /// <summary>Applies the <c>policylsp:</c> map of a document's front matter (and its <c>lang</c>).</summary>
    public static PolicyConfig ApplyFrontMatter(PolicyConfig config, FrontMatter frontMatter, List<AnalysisProblem> problems)
    {
        if (frontMatter.GetString("lang", "language", "locale") is { } lang)
        {
            config = config with { Language = lang };
        }

        if (frontMatter.Values.TryGetValue("policylsp", out var overlay) && overlay is Dictionary<string, object> map)
        {
            var element = ToJson(map);
            config = Apply(config, element, new Source(FrontMatterSource, null), problems);
        }

        return config;
    }

    /// <summary>Front matter's values (strings, lists and maps of them) as the JSON the other settings are read from.</summary>
    private static JsonElement ToJson(Dictionary<string, object> map)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, map);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();

        static void Write(Utf8JsonWriter writer, object value)
        {
            switch (value)
            {
                case Dictionary<string, object> nested:
                    writer.WriteStartObject();
                    foreach (var (key, item) in nested)
                    {
                        writer.WritePropertyName(key);
                        Write(writer, item);
                    }

                    writer.WriteEndObject();
                    break;
                case List<object> list:
                    writer.WriteStartArray();
                    foreach (var item in list)
                    {
                        Write(writer, item);
                    }

                    writer.WriteEndArray();
                    break;
                default:
                    writer.WriteStringValue(value as string ?? value.ToString());
                    break;
            }
        }
    }

    /// <summary>Applies an object of settings (config file, editor settings or front matter) onto a config.</summary>
    public static PolicyConfig Apply(PolicyConfig config, JsonElement root, Source source, List<AnalysisProblem> problems)
    {
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "$schema":
                    break;
                case "regions":
                case "requiredRegions":
                    config = config with { RequiredRegions = ReadRegions(property, source, problems) ?? config.RequiredRegions };
                    break;
                case "readability":
                    if (property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("maxGrade", out var grade))
                    {
                        config = ReadGrade(config, grade, source, problems);
                    }
                    else
                    {
                        problems.Add(source.Problem("\"readability\" must be an object like { \"maxGrade\": 10 }", property.Name));
                    }

                    break;
                case "maxGrade":
                    config = ReadGrade(config, property.Value, source, problems);
                    break;
                case "rules":
                    config = config with { Rules = ReadRules(config.Rules, property.Value, source, problems) };
                    break;
                case "policyFiles":
                    if (ReadStrings(property.Value) is { } globs)
                    {
                        config = ReadGlobs(config, globs, source, problems);
                    }
                    else
                    {
                        problems.Add(source.Problem("\"policyFiles\" must be an array of glob strings", property.Name));
                    }

                    break;
                case "terms":
                    config = config with { ExtraTerms = ReadTerms(config.ExtraTerms, property.Value, source, problems) };
                    break;
                case "language":
                    if (property.Value.ValueKind == JsonValueKind.String && TermPack.ForLanguage(property.Value.GetString()!) is not null)
                    {
                        config = config with { Language = property.Value.GetString()! };
                    }
                    else
                    {
                        problems.Add(source.Problem($"\"language\" must be one of: {string.Join(", ", TermPack.AvailableLanguages)}", property.Name));
                    }

                    break;
                case "docsBaseUrl":
                    config = ReadDocsBaseUrl(config, property, source, problems);
                    break;
                case "linkRoots":
                    if (source.Path != EditorSettingsSource)
                    {
                        problems.Add(source.Problem("\"linkRoots\" can only be set in the editor's settings or with check --link-root (ignored)", property.Name));
                    }
                    else if (ReadStrings(property.Value) is { } roots && roots.All(Path.IsPathFullyQualified))
                    {
                        config = config with { LinkRoots = roots };
                    }
                    else
                    {
                        problems.Add(source.Problem("\"linkRoots\" must be an array of absolute folder paths", property.Name));
                    }

                    break;
                case "maxFindingsPerDocument":
                    if (TryNumber(property.Value, out var max) && max is >= 1 and <= 100_000 && max == Math.Floor(max))
                    {
                        config = config with { MaxFindingsPerDocument = (int)max };
                    }
                    else
                    {
                        problems.Add(source.Problem("\"maxFindingsPerDocument\" must be an integer between 1 and 100000", property.Name));
                    }

                    break;
                default:
                    problems.Add(source.Problem($"unknown setting \"{property.Name}\" (ignored)", property.Name));
                    break;
            }
        }

        return config;
    }

    /// <summary>
    /// The base URL of the rule pages goes into hover Markdown and SARIF <c>helpUri</c>: only an absolute http(s) or file
    /// URL, and only from a config file or the editor's settings — a document cannot point readers elsewhere.
    /// </summary>
    private static PolicyConfig ReadDocsBaseUrl(PolicyConfig config, JsonProperty property, Source source, List<AnalysisProblem> problems)
    {
        if (source.Path == FrontMatterSource)
        {
            problems.Add(source.Problem("\"docsBaseUrl\" can only be set in .policylsp.json or the editor's settings (ignored)", property.Name));
            return config;
        }

        if (property.Value.ValueKind == JsonValueKind.String && SafeDocsUrl(property.Value.GetString()!) is { } url)
        {
            return config with { DocsBaseUrl = url };
        }

        problems.Add(source.Problem("\"docsBaseUrl\" must be an absolute http, https or file URL (ignored)", property.Name));
        return config;
    }

    /// <summary>An absolute http(s) or file URL in its escaped form, or null.</summary>
    public static string? SafeDocsUrl(string text) =>
        text.Length <= 2048 && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "file"
            ? uri.AbsoluteUri
            : null;

    /// <summary>Keeps the valid globs; each invalid one is a problem, and with none valid the previous list stays.</summary>
    private static PolicyConfig ReadGlobs(PolicyConfig config, List<string> globs, Source source, List<AnalysisProblem> problems)
    {
        const int maxGlobs = 256;
        if (globs.Count > maxGlobs)
        {
            problems.Add(source.Problem($"\"policyFiles\" has {globs.Count} globs, over the {maxGlobs} limit; using the first {maxGlobs}", "policyFiles"));
            globs = globs.Take(maxGlobs).ToList();
        }

        var valid = new List<string>();
        foreach (var glob in globs)
        {
            if (Glob.Get(glob, out var error) is null)
            {
                problems.Add(source.Problem($"\"policyFiles\": {error} (ignored)", "policyFiles"));
            }
            else
            {
                valid.Add(glob);
            }
        }

        return valid.Count > 0 || globs.Count == 0 ? config with { PolicyFiles = valid } : config;
    }

    private static PolicyConfig ReadGrade(PolicyConfig config, JsonElement value, Source source, List<AnalysisProblem> problems)
    {
        if (TryNumber(value, out var grade) && grade is > 0 and <= 30)
        {
            return config with { MaxGrade = grade };
        }

        problems.Add(source.Problem("\"maxGrade\" must be a number between 1 and 30", "maxGrade"));
        return config;
    }

    private static bool TryNumber(JsonElement value, out double number)
    {
        number = 0;
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDouble(out number),
            JsonValueKind.String => double.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, out number),
            _ => false,
        };
    }

    private static List<string>? ReadRegions(JsonProperty property, Source source, List<AnalysisProblem> problems)
    {
        var names = ReadStrings(property.Value);
        if (names is null)
        {
            problems.Add(source.Problem($"\"{property.Name}\" must be an array of region ids such as [\"EU\", \"EEA\", \"UK\", \"CH\"]", property.Name));
            return null;
        }

        var ids = new List<string>();
        foreach (var name in names)
        {
            if (RegionCatalog.Default.Resolve(name) is { } id)
            {
                ids.Add(id);
            }
            else
            {
                problems.Add(source.Problem($"unknown region \"{name}\" (ignored)", property.Name));
            }
        }

        return ids.Distinct().ToList();
    }

    private static Dictionary<string, RuleSetting> ReadRules(
        IReadOnlyDictionary<string, RuleSetting> current, JsonElement value, Source source, List<AnalysisProblem> problems)
    {
        var rules = new Dictionary<string, RuleSetting>(current);
        if (value.ValueKind != JsonValueKind.Object)
        {
            problems.Add(source.Problem("\"rules\" must be an object like { \"PL101\": \"error\" }", "rules"));
            return rules;
        }

        foreach (var property in value.EnumerateObject())
        {
            var rule = RuleDescriptor.Find(property.Name);
            if (rule is null)
            {
                problems.Add(source.Problem($"unknown rule \"{property.Name}\" (ignored)", property.Name));
                continue;
            }

            var setting = current.TryGetValue(rule.Code, out var existing) ? existing : new RuleSetting(true, rule.DefaultSeverity);
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.False:
                    rules[rule.Code] = setting with { Enabled = false };
                    break;
                case JsonValueKind.True:
                    rules[rule.Code] = setting with { Enabled = true };
                    break;
                case JsonValueKind.String when property.Value.GetString() is "off" or "none" or "disabled":
                    rules[rule.Code] = setting with { Enabled = false };
                    break;
                case JsonValueKind.String when SeverityNames.Parse(property.Value.GetString()) is { } severity:
                    rules[rule.Code] = new RuleSetting(true, severity);
                    break;
                case JsonValueKind.Object:
                    var enabled = !property.Value.TryGetProperty("enabled", out var e) || e.ValueKind != JsonValueKind.False;
                    var level = property.Value.TryGetProperty("severity", out var s) ? SeverityNames.Parse(s.GetString()) : setting.Severity;
                    if (level is null)
                    {
                        problems.Add(source.Problem($"rule \"{property.Name}\": severity must be error, warning, info or hint", property.Name));
                    }

                    rules[rule.Code] = new RuleSetting(enabled, level ?? setting.Severity);
                    break;
                default:
                    problems.Add(source.Problem($"rule \"{property.Name}\": use \"error\", \"warning\", \"info\", \"hint\" or \"off\"", property.Name));
                    break;
            }
        }

        return rules;
    }

    private static Dictionary<string, IReadOnlyList<string>> ReadTerms(
        IReadOnlyDictionary<string, IReadOnlyList<string>> current, JsonElement value, Source source, List<AnalysisProblem> problems)
    {
        var terms = new Dictionary<string, IReadOnlyList<string>>(current);
        if (value.ValueKind != JsonValueKind.Object)
        {
            problems.Add(source.Problem("\"terms\" must be an object of term lists, e.g. { \"ai.specificTerms\": [\"smart compose\"] }", "terms"));
            return terms;
        }

        var known = TermPack.SetNames;
        foreach (var property in value.EnumerateObject())
        {
            var phrases = ReadStrings(property.Value);
            if (!known.Contains(property.Name) || phrases is null)
            {
                problems.Add(source.Problem($"terms \"{property.Name}\": expected one of {string.Join(", ", known)} with an array of phrases", property.Name));
                continue;
            }

            terms[property.Name] = terms.TryGetValue(property.Name, out var existing) ? existing.Concat(phrases).ToList() : phrases;
        }

        return terms;
    }

    private static List<string>? ReadStrings(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var list = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            list.Add(item.GetString()!);
        }

        return list;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message.TrimEnd('.');
    }

    /// <summary>Where settings came from, to point a problem at its file and line.</summary>
    public sealed record Source(string? Path, string? Text)
    {
        public AnalysisProblem Problem(string message, string key)
        {
            int? line = null;
            if (Text is not null)
            {
                var at = Text.IndexOf($"\"{key}\"", StringComparison.Ordinal);
                if (at >= 0)
                {
                    line = 1 + Text.AsSpan(0, at).Count('\n');
                }
            }

            return new AnalysisProblem(message, Path, line);
        }
    }
}
