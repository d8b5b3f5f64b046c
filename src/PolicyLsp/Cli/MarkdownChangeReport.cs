using System.Text;
using PolicyLsp.Analysis;
using PolicyLsp.Analysis.Findings;

namespace PolicyLsp.Cli;

/// <summary>
/// The material changes as a pull-request comment: a summary line a reviewer who is not a lawyer can act on, then a
/// table of rule, clause, what changed and where (old → new). Text from the policies is escaped so that it cannot
/// break the table or inject Markdown or HTML into the comment.
/// </summary>
public static class MarkdownChangeReport
{
    private const int MaxExcerpt = 90;

    public static void Write(TextWriter writer, string oldPath, string newPath, AnalysisResult old, AnalysisResult changes)
    {
        var findings = changes.Findings;
        if (findings.Count == 0)
        {
            writer.WriteLine($"### PolicyLsp: no material changes in {Code(newPath)}");
            writer.WriteLine();
            writer.WriteLine($"Compared with {Code(oldPath)}: no new AI training, no new default opt-in, no narrowed region carve-out, no lost plain-language disclosure.");
            return;
        }

        writer.WriteLine($"### PolicyLsp: {(findings.Count == 1 ? "1 material change" : $"{findings.Count} material changes")} in {Code(newPath)}");
        writer.WriteLine();
        var summary = findings.GroupBy(f => f.Rule).OrderBy(g => g.Key.Code, StringComparer.Ordinal)
            .Select(g => $"{Lower(g.Key.Title)} ({g.Count()})");
        writer.WriteLine($"Compared with {Code(oldPath)}: {string.Join("; ", summary)}. Each may need notice to users, or their consent, before it takes effect.");
        writer.WriteLine();
        writer.WriteLine("| Rule | Clause (new version) | What changed | Where (old → new) |");
        writer.WriteLine("|---|---|---|---|");
        var source = changes.Source;
        foreach (var finding in findings)
        {
            var line = source.GetPosition(finding.Span.Start).Line + 1;
            var sentence = changes.SentenceAt(finding.Span.Start)
                ?? source.Slice(finding.Span);
            var oldLine = finding.Related.FirstOrDefault(r => r.Line is not null)?.Line is int l ? $"{Cell(oldPath)}:{l + 1}" : "—";
            writer.WriteLine($"| {finding.Code} {Cell(finding.Rule.Name)} | {Cell(Shorten(sentence))} | {Cell(finding.Message)} | {oldLine} → {Cell(newPath)}:{line} |");
        }

        writer.WriteLine();
        var rules = findings.Select(f => f.Rule).Distinct().OrderBy(r => r.Code, StringComparer.Ordinal)
            .Select(r => RuleDocs.UriFor(r, changes.Config) is var uri && uri.StartsWith("http", StringComparison.OrdinalIgnoreCase)
                ? $"[{r.Code}]({uri})"
                : $"{r.Code} ({Code(r.DocPage)})");
        writer.WriteLine($"What each kind of change usually calls for (not legal advice): {string.Join(", ", rules)}.");
    }

    private static string Lower(string title) => title.Length > 1 && char.IsUpper(title[0]) && !char.IsUpper(title[1]) ? char.ToLowerInvariant(title[0]) + title[1..] : title;

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length > MaxExcerpt ? line[..(MaxExcerpt - 1)] + "…" : line;
    }

    private static string Code(string path) => "`" + path.Replace("`", "'", StringComparison.Ordinal) + "`";

    /// <summary>Text for a table cell: one line, pipes and Markdown or HTML characters escaped.</summary>
    internal static string Cell(string text)
    {
        var cell = new StringBuilder(text.Length + 8);
        foreach (var c in text.ReplaceLineEndings(" "))
        {
            if (char.IsControl(c))
            {
                continue;
            }

            if (c is '|' or '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '#' or '!' or '~')
            {
                cell.Append('\\');
            }

            cell.Append(c);
        }

        return cell.ToString();
    }
}
