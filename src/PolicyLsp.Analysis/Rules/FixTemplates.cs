using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Findings;
using PolicyLsp.Analysis.Parsing;
using PolicyLsp.Analysis.Text;

namespace PolicyLsp.Analysis.Rules;

/// <summary>The text of the suggested fixes and where it goes.</summary>
internal static class FixTemplates
{
    public static string Quote(IReadOnlyList<string> triggers) =>
        "matched " + string.Join(", ", triggers.Take(4).Select(t => $"\"{t}\""));

    public static SuggestedFix CarveOut(AnalysisContext context, Clause clause, IReadOnlyList<string> missingNames, RuleDescriptor rule)
    {
        var regions = JoinNames(missingNames);
        var text = rule.ClauseFamily.CarveOutText(regions);
        return new SuggestedFix(rule.FormatFixTitle(("regions", regions)), [AfterBlock(context, clause.Sentence.Block, text)], true, "carve-out");
    }

    public static SuggestedFix PlainLanguage(AnalysisContext context, Clause clause, RuleDescriptor rule) =>
        new(rule.FormatFixTitle(), [AfterBlock(context, clause.Sentence.Block, rule.ClauseFamily.PlainLanguageFix)], false, "plain-language");

    public static SuggestedFix Suppress(AnalysisContext context, Clause clause, RuleDescriptor rule) =>
        SuppressAt(context, clause.Sentence.Span.Start, clause.Sentence.Block.Kind == BlockKind.TableCell, rule);

    /// <summary>
    /// Suppresses a finding that is not on a clause (a material change, a date line); none inside front matter,
    /// where a comment would break the YAML.
    /// </summary>
    public static IReadOnlyList<SuggestedFix> SuppressLine(AnalysisContext context, TextSpan span, RuleDescriptor rule)
    {
        if (context.Document.FrontMatter.Span is { } front && front.Contains(span.Start))
        {
            return [];
        }

        var source = context.Document.Source;
        var lineStart = source.LineStart(source.GetPosition(span.Start).Line);
        var inTable = lineStart < source.Length && source.Text.AsSpan(lineStart).TrimStart(" \t").StartsWith("|");
        return [SuppressAt(context, span.Start, inTable, rule)];
    }

    private static SuggestedFix SuppressAt(AnalysisContext context, int offset, bool inTable, RuleDescriptor rule)
    {
        var source = context.Document.Source;
        if (inTable)
        {
            // A comment line inside a table would break it: wrap the whole table instead.
            var (start, end) = ParagraphBounds(context, offset);
            return new SuggestedFix(
                $"Suppress {rule.Code} for this table",
                [new TextInsertion(start, $"<!-- policylsp-disable {rule.Code} -->\n"), new TextInsertion(end, $"<!-- policylsp-enable {rule.Code} -->\n")],
                false,
                "suppress");
        }

        var line = source.GetPosition(offset).Line;
        var lineStart = source.LineStart(line);
        var indent = 0;
        while (lineStart + indent < source.Length && source.Text[lineStart + indent] is ' ' or '\t')
        {
            indent++;
        }

        var comment = $"{source.Text.Substring(lineStart, indent)}<!-- policylsp-disable-next-line {rule.Code} -->\n";
        return new SuggestedFix($"Suppress {rule.Code} on this line", [new TextInsertion(lineStart, comment)], false, "suppress");
    }

    /// <summary>Inserts a paragraph at the first blank line after the block, so lists and tables stay whole.</summary>
    private static TextInsertion AfterBlock(AnalysisContext context, Block block, string paragraph)
    {
        var (_, end) = ParagraphBounds(context, Math.Max(block.Span.Start, block.Span.End - 1));
        var source = context.Document.Source;
        if (end >= source.Length)
        {
            var text = source.Text;
            var lead = text.EndsWith('\n') ? "\n" : "\n\n";
            return new TextInsertion(source.Length, $"{lead}{paragraph}\n");
        }

        return new TextInsertion(end, $"\n{paragraph}\n");
    }

    /// <summary>The first line of the run of non-blank lines holding the offset, and the offset of the blank line after it.</summary>
    private static (int Start, int End) ParagraphBounds(AnalysisContext context, int offset)
    {
        var source = context.Document.Source;
        var (first, last) = context.LineRuns.Around(source.GetPosition(offset).Line);
        var end = last + 1 < source.LineCount ? source.LineStart(last + 1) : source.Length;
        return (source.LineStart(first), end);
    }

    private static string JoinNames(IReadOnlyList<string> names)
    {
        var withArticle = names.Select(n => n is "EU" or "EEA" or "United Kingdom" or "United States" ? "the " + n : n).ToList();
        return withArticle.Count switch
        {
            0 => string.Empty,
            1 => withArticle[0],
            _ => string.Join(", ", withArticle.Take(withArticle.Count - 1)) + " and " + withArticle[^1],
        };
    }
}

/// <summary>
/// Runs of non-blank lines, each found once per analysis: a list of thousands of items is one run, and every finding
/// in it inserts its fix after the run.
/// </summary>
internal sealed class LineRuns(Text.SourceText source)
{
    // Per line of a run: its first and last line, plus one (0: not found yet). Racing writes store the same values.
    private readonly int[] _first = new int[source.LineCount];
    private readonly int[] _last = new int[source.LineCount];

    /// <summary>The first and last line of the run holding <paramref name="line"/>; a blank line joins the runs beside it.</summary>
    public (int First, int Last) Around(int line)
    {
        if (!IsBlank(line))
        {
            return Run(line);
        }

        var first = line > 0 && !IsBlank(line - 1) ? Run(line - 1).First : line;
        var last = line + 1 < source.LineCount && !IsBlank(line + 1) ? Run(line + 1).Last : line;
        return (first, last);
    }

    private (int First, int Last) Run(int line)
    {
        if (_first[line] == 0)
        {
            var first = line;
            while (first > 0 && !IsBlank(first - 1))
            {
                first--;
            }

            var last = line;
            while (last + 1 < source.LineCount && !IsBlank(last + 1))
            {
                last++;
            }

            for (var l = first; l <= last; l++)
            {
                _last[l] = last + 1;
                _first[l] = first + 1;
            }
        }

        return (_first[line] - 1, _last[line] - 1);
    }

    private bool IsBlank(int line) =>
        source.Text.AsSpan(source.LineStart(line), source.LineEnd(line) - source.LineStart(line)).IsWhiteSpace();
}
