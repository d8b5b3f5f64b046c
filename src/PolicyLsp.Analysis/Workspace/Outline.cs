using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Parsing;
using PolicyLsp.Analysis.Text;

namespace PolicyLsp.Analysis.Workspace;

/// <summary>What an outline entry is: a section, or a clause of one family.</summary>
public enum OutlineKind
{
    Section,
    AiTrainingClause,
    DefaultOptInClause,
}

/// <summary>
/// One entry of a document's outline in offsets: a section (with its sections and clauses) or a clause. A clause keeps
/// its sentence's text (shared with the parsed document) and is named only when asked, not on every analysis.
/// </summary>
public sealed record OutlineEntry(string Label, string? ClauseText, string? Detail, OutlineKind Kind, TextSpan Span, TextSpan SelectionSpan, IReadOnlyList<OutlineEntry>? Children)
{
    private const int NameLength = 60;

    /// <summary>The entry's name: a section's title, or a clause's family and the opening of its sentence on one line.</summary>
    public string Name => ClauseText is null ? Label : $"{Label}: {Shorten(ClauseText)}";

    /// <summary>The clauses outside any heading, then the top-level sections.</summary>
    public static IReadOnlyList<OutlineEntry> Of(AnalysisResult result)
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
        return new OutlineEntry(title, null, $"H{section.Level}", OutlineKind.Section, span, section.HeadingSpan, children);
    }

    private static IEnumerable<OutlineEntry> Clauses(Section section, ILookup<Section, Clause> clauses) =>
        clauses[section].Select(c =>
        {
            var kind = c.Family == ClauseFamily.AiTraining ? OutlineKind.AiTrainingClause : OutlineKind.DefaultOptInClause;
            return new OutlineEntry(c.FamilyLabel, c.Sentence.Text, null, kind, c.Sentence.Span, c.Sentence.Span, null);
        });

    private static string Shorten(string text)
    {
        var oneLine = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= NameLength ? oneLine : oneLine[..NameLength].TrimEnd() + "…";
    }
}
