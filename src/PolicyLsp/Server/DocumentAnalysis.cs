using PolicyLsp.Analysis;
using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Configuration;
using PolicyLsp.Analysis.Findings;
using PolicyLsp.Analysis.Parsing;
using PolicyLsp.Analysis.Text;

namespace PolicyLsp.Server;

/// <summary>
/// What the server keeps of one analysis: the findings, the settings they were computed with, the text's line index and
/// the outline. Not the parsed policy model, which is several times the size of the text and only needed while analysing.
/// </summary>
public sealed class DocumentAnalysis
{
    public DocumentAnalysis(AnalysisResult result, IReadOnlySet<string>? dependencies = null)
    {
        Dependencies = dependencies ?? new HashSet<string>();
        Source = result.Document.Source;
        Config = result.Config;
        Findings = result.Findings;
        OmittedFindings = result.OmittedFindings;
        Outline = OutlineEntry.From(result);
    }

    /// <summary>The documents (URIs) its links named, followed or not: a change to any of them calls for a new analysis.</summary>
    public IReadOnlySet<string> Dependencies { get; }

    /// <summary>Findings past the configured cap (<c>maxFindingsPerDocument</c>), counted but not reported.</summary>
    public int OmittedFindings { get; }

    /// <summary>The analysed text and its line starts (for position mapping).</summary>
    public SourceText Source { get; }

    public PolicyConfig Config { get; }

    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>Sections and clauses, the document-symbol tree in offsets.</summary>
    public IReadOnlyList<OutlineEntry> Outline { get; }
}

/// <summary>
/// One document symbol in offsets: a section (with its sections and clauses) or a clause. A clause keeps its sentence's
/// text (shared with the parsed document) and is named only when symbols are asked for, not on every analysis.
/// </summary>
public sealed record OutlineEntry(string Label, string? ClauseText, string? Detail, int Kind, TextSpan Span, TextSpan SelectionSpan, IReadOnlyList<OutlineEntry>? Children)
{
    private const int NameLength = 60;

    /// <summary>The symbol's name: a section's title, or a clause's family and the opening of its sentence on one line.</summary>
    public string Name => ClauseText is null ? Label : $"{Label}: {Shorten(ClauseText)}";

    /// <summary>The clauses outside any heading, then the top-level sections.</summary>
    public static IReadOnlyList<OutlineEntry> From(AnalysisResult result)
    {
        var clausesBySection = result.Context.Clauses.ToLookup(c => c.Sentence.Section);
        var root = result.Document.Root;
        return [.. Clauses(root, clausesBySection), .. root.Children.Select(s => Section(s, clausesBySection))];
    }

    private static OutlineEntry Section(Section section, ILookup<Section, Clause> clauses)
    {
        // Offsets order the same way as (line, character) positions in any encoding.
        var children = Clauses(section, clauses)
            .Concat(section.Children.Select(s => Section(s, clauses)))
            .OrderBy(s => s.Span.Start)
            .ToList();
        var title = string.IsNullOrWhiteSpace(section.Title) ? "(untitled section)" : section.Title;
        var span = new TextSpan(section.Span.Start, Math.Max(section.Span.End, section.HeadingSpan.End));
        return new OutlineEntry(title, null, $"H{section.Level}", SymbolKind.Namespace, span, section.HeadingSpan, children);
    }

    private static IEnumerable<OutlineEntry> Clauses(Section section, ILookup<Section, Clause> clauses) =>
        clauses[section].Select(c =>
        {
            var kind = c.Family == ClauseFamily.AiTraining ? SymbolKind.Event : SymbolKind.Key;
            return new OutlineEntry(c.FamilyLabel, c.Sentence.Text, null, kind, c.Sentence.Span, c.Sentence.Span, null);
        });

    private static string Shorten(string text)
    {
        var oneLine = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= NameLength ? oneLine : oneLine[..NameLength].TrimEnd() + "…";
    }
}
