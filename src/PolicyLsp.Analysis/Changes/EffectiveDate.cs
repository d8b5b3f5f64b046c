using System.Text.RegularExpressions;
using PolicyLsp.Analysis.Text;

namespace PolicyLsp.Analysis.Changes;

/// <summary>
/// The date a policy says it takes effect or was last updated: front matter (<c>effective</c>, <c>last_updated</c>,
/// <c>updated</c>, <c>date</c>, …) or the first line such as "Effective date: 1 March 2026", "**Last updated:** March
/// 2026", "Last modified on 2026-03-01 [prior versions](…)", "Version: 13 July 2022" or a label alone ("Last update of
/// this policy:") with the date on the next line. Its value is compared as written (spacing and emphasis aside); a
/// value needs a digit.
/// </summary>
public sealed partial record EffectiveDate(string Value, TextSpan Span)
{
    /// <summary>Lines searched for a date line (policies state it near the top or at the end; both are within this in practice).</summary>
    private const int MaxLines = 100_000;

    /// <summary>
    /// The longest line or front-matter value read as a date line. Every pattern below runs only on text this short, so
    /// its cost is bounded by length rather than by a wall-clock timeout, which a loaded machine can exceed and which
    /// would make the same document read differently from run to run.
    /// </summary>
    private const int MaxDateLine = 200;

    private static readonly string[] FrontMatterKeys =
        ["effective", "effective_date", "effectiveDate", "effective-date", "last_updated", "lastUpdated", "last-updated", "updated", "last_modified", "lastModified", "date"];

    public static EffectiveDate? Of(AnalysisResult result) => Of(result.Document);

    internal static EffectiveDate? Of(Parsing.PolicyDocument document)
    {
        var front = document.FrontMatter;
        if (front.GetString(FrontMatterKeys) is { Length: > 0 and <= MaxDateLine } value)
        {
            return new EffectiveDate(Clean(value), front.Span ?? new TextSpan(0, 0));
        }

        var source = document.Source;
        var lines = Math.Min(source.LineCount, MaxLines);
        for (var line = 0; line < lines; line++)
        {
            var span = new TextSpan(source.LineStart(line), source.LineEnd(line));
            var text = source.Slice(span);
            if (text.Length > MaxDateLine)
            {
                continue;
            }

            var match = DateLine().Match(text);
            if (!match.Success)
            {
                continue;
            }

            var rest = match.Groups["rest"].Value;
            if (ValueOf(rest) is { } date)
            {
                return new EffectiveDate(date, span);
            }

            // "Last update of this policy:" with the date alone on the next line that has text.
            if (Clean(rest).Length == 0)
            {
                for (var next = line + 1; next < Math.Min(lines, line + 3); next++)
                {
                    var following = source.Slice(new TextSpan(source.LineStart(next), source.LineEnd(next)));
                    if (following.Trim().Length == 0)
                    {
                        continue;
                    }

                    if (following.Length <= 80 && DateValue().Match(Clean(following)) is { Success: true, Index: 0 } written)
                    {
                        return new EffectiveDate(written.Value, span);
                    }

                    break;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The date after a date label: a date written at its start ("01/15/2026 [prior versions](…)" gives "01/15/2026"),
    /// else the whole short rest of the line; never a value without a digit ("Updated today", "Version française").
    /// </summary>
    private static string? ValueOf(string rest)
    {
        var clean = Clean(rest);
        if (DateValue().Match(clean) is { Success: true, Index: 0 } date)
        {
            return date.Value;
        }

        return clean.Length is >= 3 and <= 60 && clean.Any(char.IsAsciiDigit) ? clean : null;
    }

    /// <summary>The date as written, without emphasis, HTML comments or the spacing around them.</summary>
    private static string Clean(string value) =>
        Spaces().Replace(Comments().Replace(value, " ").Replace("*", string.Empty, StringComparison.Ordinal).Replace("_", " ", StringComparison.Ordinal), " ").Trim(' ', '.', ':');

    [GeneratedRegex(@"^[\s>#*_(（\[-]*(?:effective|last\s+(?:update[ds]?|modified|revised|changed)|updated|revised|date\s+of\s+last\s+revision|version)(?:\s+date)?\b(?:\s+of\s+(?:this|the|our)\b[^:\n]{0,40}(?=:))?[\s*_]*(?:on|as\s+of|from)?[\s*_]*[:\-–—]?[\s*_]*(?<rest>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DateLine();

    [GeneratedRegex("<!--.*?(-->|$)")]
    private static partial Regex Comments();

    /// <summary>A written date: 2026-03-01, 01/15/2026, 1 March 2026, March 1st, 2026, Sep. 2026 or a bare year.</summary>
    [GeneratedRegex(@"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|(?:\d{1,2}(?:st|nd|rd|th)?\.?\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?\d{4}|\d{4}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DateValue();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
