using PolicyLsp.Analysis;
using PolicyLsp.Analysis.Changes;
using PolicyLsp.Analysis.Configuration;
using PolicyLsp.Analysis.Workspace;
using Serilog;

namespace PolicyLsp.Server;

/// <summary>
/// The committed versions open policies are compared with (the PL3xx rules), read with <c>git show</c> off the message
/// loop and kept for a few seconds, so typing costs no git process per keystroke; a save or a watched change (a
/// commit, a checkout) forgets them. "Not in a repository" and "no such revision" are kept too, and logged once.
/// </summary>
public sealed class CommittedVersions(ILogger log)
{
    /// <summary>How long a version read from git is trusted without asking again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private const int MaxEntries = 256;

    private readonly Dictionary<(string Path, string Revision, int Generation), Entry> _entries = [];

    /// <summary>Folders found outside any git work tree: their other files are not asked about again for a while.</summary>
    private readonly Dictionary<string, DateTime> _outside = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>The version of the file at <paramref name="revision"/>, analysed with <paramref name="config"/>; null when git has none.</summary>
    public PreviousVersion? For(string path, string revision, PolicyConfig config, int generation)
    {
        var key = (path, revision, generation);
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var cached) && DateTime.UtcNow - cached.Read < Lifetime)
            {
                return cached.Version;
            }
        }

        var folder = Path.GetDirectoryName(path) ?? path;
        lock (_lock)
        {
            if (_outside.TryGetValue(folder, out var seen) && DateTime.UtcNow - seen < Lifetime)
            {
                return null;
            }
        }

        var version = PolicyWorkspace.Committed(path, revision, config);
        var previous = version.Previous;
        lock (_lock)
        {
            if (previous is null && !_entries.ContainsKey(key))
            {
                log.Debug("no {Revision} version to compare {Path} with: {Reason}", revision, path, version.Error);
            }

            // An entry holds a whole analysed document: expired ones go as soon as another is stored.
            var now = DateTime.UtcNow;
            foreach (var stale in _entries.Where(e => now - e.Value.Read >= Lifetime).Select(e => e.Key).ToList())
            {
                _entries.Remove(stale);
            }

            if (_entries.Count >= MaxEntries || _outside.Count >= MaxEntries)
            {
                _entries.Clear();
                _outside.Clear();
            }

            if (version.Status == GitVersionStatus.NotARepository)
            {
                _outside[folder] = DateTime.UtcNow;
            }

            _entries[key] = new Entry(previous, DateTime.UtcNow);
        }

        return previous;
    }

    /// <summary>Forgets every version read (after a save, a commit or a checkout).</summary>
    public void Forget()
    {
        lock (_lock)
        {
            _entries.Clear();
            _outside.Clear();
        }
    }

    private sealed record Entry(PreviousVersion? Version, DateTime Read);
}
