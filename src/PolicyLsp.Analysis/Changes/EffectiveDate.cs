using System.Text.RegularExpressions;
using PolicyLsp.Analysis.Text;

namespace PolicyLsp.Analysis.Changes;

/// <summary>
/// The date a policy says it takes effect or was last updated: front matter (<c>effective</c>, <c>last_updated</c>,
/// <c>updated</c>, <c>date</c>, …) or the first line such as "Effective date: 1 March 2026", "**Last updated:** March
/// 2026" or "Last modified on 2026-03-01". Its value is compared as written (spacing and emphasis aside).
/// </summary>
public sealed partial record EffectiveDate(string Value, TextSpan Span)
{
    /// <summary>Lines searched for a date line (policies state it near the top or at the end; both are within this in practice).</summary>
    private const int MaxLines = 100_000;

    private static readonly string[] FrontMatterKeys =
        ["effective", "effective_date", "effectiveDate", "effective-date", "last_updated", "lastUpdated", "last-updated", "updated", "last_modified", "lastModified", "date"];

    public static EffectiveDate? Of(AnalysisResult result) => Of(result.Document);

    public static EffectiveDate? Of(Parsing.PolicyDocument document)
    {
        var front = document.FrontMatter;
        if (front.GetString(FrontMatterKeys) is { Length: > 0 } value)
        {
            return new EffectiveDate(Clean(value), front.Span ?? new TextSpan(0, 0));
        }

        var source = document.Source;
        for (var line = 0; line < Math.Min(source.LineCount, MaxLines); line++)
        {
            var span = new TextSpan(source.LineStart(line), source.LineEnd(line));
            var text = source.Slice(span);
            if (text.Length > 200)
            {
                continue;
            }

            var match = DateLine().Match(text);
            if (match.Success && Clean(match.Groups["date"].Value) is { Length: > 0 } date)
            {
                return new EffectiveDate(date, span);
            }
        }

        return null;
    }

    /// <summary>The date as written, without emphasis, HTML comments or the spacing around them.</summary>
    private static string Clean(string value) =>
        Spaces().Replace(Comments().Replace(value, " ").Replace("*", string.Empty, StringComparison.Ordinal).Replace("_", " ", StringComparison.Ordinal), " ").Trim(' ', '.', ':');

    [GeneratedRegex(@"^[\s>#*_-]*(?:effective(?:\s+date)?|last\s+(?:updated|modified|revised|changed)|updated|revised|date\s+of\s+last\s+revision)\b[\s*_]*(?:on|as\s+of|from)?[\s*_]*[:\-–—]?[\s*_]*(?<date>[^\s].{2,60}?)[\s*_]*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex DateLine();

    [GeneratedRegex("<!--.*?(-->|$)", RegexOptions.None, matchTimeoutMilliseconds: 100)]
    private static partial Regex Comments();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
