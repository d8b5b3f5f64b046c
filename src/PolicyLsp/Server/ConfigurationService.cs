using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PolicyLsp.Analysis.Configuration;
using PolicyLsp.Analysis.Findings;
using PolicyLsp.Analysis.Workspace;
using Serilog;

namespace PolicyLsp.Server;

/// <summary>
/// The settings documents are analysed with: defaults, then the nearest <c>.policylsp.json</c> (cached, reloaded when
/// the file changes), then the editor's <c>policyLsp</c> settings. Front matter is applied on top by the engine.
/// Every change bumps <see cref="Generation"/>, which is part of the pull-diagnostics result ids.
/// </summary>
public sealed class ConfigurationService(ILogger log, Action<ShowMessageParams>? showMessage = null)
{
    public const string Section = "policyLsp";

    /// <summary>Keys of the editor section that are the server's own, not the engine's.</summary>
    private static readonly HashSet<string> ServerKeys = new(StringComparer.Ordinal) { "debounceMs", "trace", "compareWith" };

    /// <summary>What an open policy is compared with when <c>compareWith</c> is not set: its last committed version.</summary>
    public const string DefaultCompareWith = "HEAD";

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    private volatile EditorSettings _editor = new(EmptyObject, null, DefaultCompareWith);

    /// <summary>The engine's settings resolution (config files and the editor's engine settings), shared with the CLI.</summary>
    public ConfigResolver Resolver { get; } = new(report: problem => Report(log, showMessage, [problem]));

    public int Generation => Resolver.Generation;

    /// <summary>The <c>debounceMs</c> editor setting, if set.</summary>
    public TimeSpan? Debounce => _editor.Debounce;

    /// <summary>
    /// The git revision open policies are compared with for material changes (PL3xx): the <c>compareWith</c> editor
    /// setting, <see cref="DefaultCompareWith"/> by default, null when it is <c>"off"</c>.
    /// </summary>
    public string? CompareWith => _editor.CompareWith;

    /// <summary>The effective settings for a document at <paramref name="documentPath"/> (null for non-file documents).</summary>
    public PolicyConfig For(string? documentPath) => Resolver.For(documentPath);

    /// <summary>Replaces the editor settings (the client's <c>policyLsp</c> section; null clears them). False when nothing changed.</summary>
    public bool SetEditorSettings(JsonElement? section)
    {
        var settings = EmptyObject;
        TimeSpan? debounce = null;
        string? compareWith = DefaultCompareWith;
        var problems = new List<AnalysisProblem>();
        if (section is { ValueKind: JsonValueKind.Object } value)
        {
            var engine = new JsonObject();
            foreach (var property in value.EnumerateObject())
            {
                if (property.Name == "debounceMs")
                {
                    if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetDouble(out var ms) && ms is >= 0 and <= 60_000)
                    {
                        debounce = TimeSpan.FromMilliseconds(ms);
                    }
                    else if (property.Value.ValueKind != JsonValueKind.Null)
                    {
                        problems.Add(new AnalysisProblem("\"debounceMs\" must be a number of milliseconds between 0 and 60000", "editor settings"));
                    }
                }
                else if (property.Name == "compareWith")
                {
                    if (property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is { } revision
                        && (revision == "off" || Analysis.Changes.GitVersions.CheckRevision(revision) is null))
                    {
                        compareWith = revision == "off" ? null : revision;
                    }
                    else if (property.Value.ValueKind != JsonValueKind.Null)
                    {
                        problems.Add(new AnalysisProblem("\"compareWith\" must be \"off\" or a git revision such as \"HEAD\" or \"main\" (no spaces, colons or leading '-'); using \"HEAD\"", "editor settings"));
                    }
                }
                else if (!ServerKeys.Contains(property.Name) && property.Value.ValueKind != JsonValueKind.Null)
                {
                    engine[property.Name] = JsonNode.Parse(property.Value.GetRawText());
                }
            }

            settings = JsonSerializer.SerializeToElement(engine, LspJsonContext.Default.JsonObject);
            ConfigReader.Apply(PolicyConfig.Default, settings, new ConfigReader.Source(ConfigReader.EditorSettingsSource, null), problems);
        }
        else if (section is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) })
        {
            problems.Add(new AnalysisProblem($"the \"{Section}\" settings must be an object; ignored", "editor settings"));
        }

        // Reported even when the effective settings stay the same (an invalid value falls back to what was there).
        Report(log, showMessage, problems);
        var current = _editor;
        if (current.Debounce == debounce && current.CompareWith == compareWith && current.Settings.GetRawText() == settings.GetRawText())
        {
            log.Debug("editor settings unchanged");
            return false;
        }

        _editor = new EditorSettings(settings, debounce, compareWith);
        Resolver.SetOverlay(settings);
        log.Information("editor settings applied ({Count} keys, generation {Generation})", settings.EnumerateObject().Count(), Generation);
        return true;
    }

    /// <summary>Forgets every cached <c>.policylsp.json</c> (one was created, changed or deleted).</summary>
    public void InvalidateFiles()
    {
        Resolver.Invalidate();
        log.Information("config files changed (generation {Generation})", Generation);
    }

    private static void Report(ILogger log, Action<ShowMessageParams>? showMessage, List<AnalysisProblem> problems)
    {
        foreach (var problem in problems)
        {
            var where = problem.File is null ? "config" : problem.Line is { } line ? $"{problem.File}:{line.ToString(CultureInfo.InvariantCulture)}" : problem.File;
            var message = $"policylsp: {where}: {problem.Message}";
            var fatal = problem.Message.Contains("not valid JSON", StringComparison.Ordinal)
                || problem.Message.Contains("cannot read config", StringComparison.Ordinal)
                || problem.Message.Contains("must be a JSON object", StringComparison.Ordinal);
            if (fatal)
            {
                log.Error("{Message}", message);
            }
            else
            {
                log.Warning("{Message}", message);
            }

            showMessage?.Invoke(new ShowMessageParams(fatal ? MessageType.Error : MessageType.Warning, message));
        }
    }

    private sealed record EditorSettings(JsonElement Settings, TimeSpan? Debounce, string? CompareWith);
}
