using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using PolicyLsp.Analysis.Configuration;
using PolicyLsp.Analysis.Findings;

namespace PolicyLsp.Analysis.Workspace;

/// <summary>
/// The settings a document is analysed with, decided in one place for the CLI and the server: the config given
/// explicitly (<c>check --config</c>), else the nearest <c>.policylsp.json</c> at or above the document (loaded once
/// per change of the file), then the editor's settings on top. Front matter is applied later, by the analysis.
/// Every change bumps <see cref="Generation"/>, which stamps analyses and pull result ids.
/// </summary>
/// <param name="explicitConfig">A config that applies to every document (the CLI's <c>--config</c>); null to look one up.</param>
/// <param name="report">Told each problem of a config file once per version of the file (and of the editor settings).</param>
public sealed class ConfigResolver(PolicyConfig? explicitConfig = null, Action<AnalysisProblem>? report = null)
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    private readonly ConcurrentDictionary<string, CachedFile> _files = new(StringComparer.Ordinal);
    private volatile Overlay _overlay = new(EmptyObject, IsEmpty: true);
    private int _generation;

    /// <summary>Bumped by every change of the settings: an analysis stamped with an older one is out of date.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>The effective settings for a document at <paramref name="documentPath"/> (null for a document with no path, such as stdin or an untitled buffer).</summary>
    public PolicyConfig For(string? documentPath)
    {
        var config = explicitConfig ?? (documentPath is null ? PolicyConfig.Default : ProjectConfig(documentPath));
        var overlay = _overlay;
        if (!overlay.IsEmpty)
        {
            // Applied once per config file version, not on every analysis (a keystroke in the editor). Its problems were
            // reported when it was set; they are not repeated for every document.
            var underneath = config;
            config = overlay.Applied.GetValue(underneath, _ => ConfigReader.Apply(underneath, overlay.Settings, new ConfigReader.Source(ConfigReader.EditorSettingsSource, null), []));
        }

        return config;
    }

    /// <summary>The folder of the config that applies to a document (given or found), or null when there is none.</summary>
    public string? FolderFor(string documentPath)
    {
        var configPath = explicitConfig?.SourcePath ?? Find(documentPath);
        return configPath is null ? null : Path.GetDirectoryName(Path.GetFullPath(configPath));
    }

    /// <summary>
    /// Sets the editor's engine settings, applied over every config file (an empty object or null clears them); the
    /// caller has checked and reported them. Bumps <see cref="Generation"/> (also when only the caller's own settings changed).
    /// </summary>
    public void SetOverlay(JsonElement? settings)
    {
        var value = settings is { ValueKind: JsonValueKind.Object } given ? given.Clone() : EmptyObject;
        _overlay = new Overlay(value, IsEmpty: !value.EnumerateObject().Any());
        Interlocked.Increment(ref _generation);
    }

    /// <summary>Forgets every loaded config file (one was created, changed or deleted) and bumps <see cref="Generation"/>.</summary>
    public void Invalidate()
    {
        _files.Clear();
        Interlocked.Increment(ref _generation);
    }

    private PolicyConfig ProjectConfig(string documentPath)
    {
        if (Find(documentPath) is not { } path)
        {
            return PolicyConfig.Default;
        }

        var stamp = Stamp(path);
        if (_files.TryGetValue(path, out var cached) && cached.Stamp == stamp)
        {
            return cached.Config;
        }

        var problems = new List<AnalysisProblem>();
        var config = ConfigReader.LoadFile(path, PolicyConfig.Default, problems);
        _files[path] = new CachedFile(config, stamp);
        Report(problems);
        return config;
    }

    private string? Find(string documentPath)
    {
        try
        {
            return ConfigReader.FindFor(documentPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            report?.Invoke(new AnalysisProblem($"cannot look up the config for this document: {ex.Message}", null));
            return null;
        }
    }

    private void Report(List<AnalysisProblem> problems)
    {
        foreach (var problem in problems)
        {
            report?.Invoke(problem);
        }
    }

    /// <summary>A config file's version: its time and length (a file rewritten within one tick and length is re-read on the next invalidation).</summary>
    private static string Stamp(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? $"{info.LastWriteTimeUtc.Ticks}:{info.Length}" : "missing";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "unreadable";
        }
    }

    private sealed record CachedFile(PolicyConfig Config, string Stamp);

    /// <summary>
    /// The editor's engine settings, whether there are none (decided once, not per document), and each config they
    /// were applied over (by reference: a loaded config file, or the defaults), kept while that config is.
    /// </summary>
    private sealed record Overlay(JsonElement Settings, bool IsEmpty)
    {
        public ConditionalWeakTable<PolicyConfig, PolicyConfig> Applied { get; } = new();
    }
}
