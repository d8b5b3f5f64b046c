using PolicyLsp.Analysis.Text;

namespace PolicyLsp.Analysis.Findings;

public enum Severity
{
    Hint,
    Information,
    Warning,
    Error,
}

public static class SeverityNames
{
    public static string ToName(this Severity severity) => severity switch
    {
        Severity.Hint => "hint",
        Severity.Information => "info",
        Severity.Warning => "warning",
        _ => "error",
    };

    public static Severity? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "hint" => Severity.Hint,
        "info" or "information" or "note" => Severity.Information,
        "warning" or "warn" => Severity.Warning,
        "error" => Severity.Error,
        _ => null,
    };
}

/// <summary>Another place in the document that the finding considered (a regional section, a definition).</summary>
/// <summary>
/// A place that explains a finding: in the same document (<see cref="Uri"/> null), or in another one — a linked
/// document or an earlier version — where <see cref="Line"/> (0-based) says where, since <see cref="Span"/> is an
/// offset into that other text.
/// </summary>
public sealed record RelatedLocation(TextSpan Span, string Message, string? Uri = null, int? Line = null);

/// <summary>One insertion of text at an offset of the original document.</summary>
public sealed record TextInsertion(int Offset, string NewText);

/// <summary>Text to insert to resolve a finding: the server turns it into a quick fix.</summary>
public sealed record SuggestedFix(string Title, IReadOnlyList<TextInsertion> Insertions, bool IsPreferred, string Kind);

/// <summary>What a finding is about, in data: what the hover and the quick fixes need.</summary>
public sealed record FindingDetails(
    string Family,
    IReadOnlyList<string> Triggers,
    IReadOnlyList<string> RegionsFound,
    IReadOnlyList<string> RegionsMissing,
    double? ReadabilityGrade,
    double? ReadabilityThreshold,
    IReadOnlyList<string> MissingParts,
    string? Earlier = null);

public sealed record Finding(
    RuleDescriptor Rule,
    Severity Severity,
    TextSpan Span,
    string Message,
    IReadOnlyList<RelatedLocation> Related,
    IReadOnlyList<SuggestedFix> Fixes,
    FindingDetails Details)
{
    public string Code => Rule.Code;
}

/// <summary>A list built the first time it is read (once, whichever thread reads it first).</summary>
internal sealed class DeferredList<T>(Func<IReadOnlyList<T>> build) : IReadOnlyList<T>
{
    private readonly Lock _lock = new();
    private Func<IReadOnlyList<T>>? _build = build;
    private IReadOnlyList<T>? _items;

    public int Count => Items.Count;

    public T this[int index] => Items[index];

    /// <summary>Built once; the builder (which holds the whole analysis) is dropped as soon as it has run.</summary>
    private IReadOnlyList<T> Items
    {
        get
        {
            if (Volatile.Read(ref _items) is { } items)
            {
                return items;
            }

            lock (_lock)
            {
                if (_items is null)
                {
                    _items = _build!();
                    _build = null;
                }

                return _items;
            }
        }
    }

    public IEnumerator<T> GetEnumerator() => Items.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A problem with the input rather than the policy: a broken config file, unreadable front matter.</summary>
public sealed record AnalysisProblem(string Message, string? File = null, int? Line = null);
