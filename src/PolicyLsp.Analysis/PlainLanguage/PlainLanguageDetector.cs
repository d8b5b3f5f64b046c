using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Parsing;
using PolicyLsp.Analysis.Text;

namespace PolicyLsp.Analysis.PlainLanguage;

/// <summary>What a disclosure must tell the reader.</summary>
[Flags]
public enum DisclosurePart
{
    None = 0,
    AddressesReader = 1,
    NamesPractice = 2,
    StatesDefault = 4,
    HowToTurnOff = 8,
    All = AddressesReader | NamesPractice | StatesDefault | HowToTurnOff,
}

/// <summary>The best plain-language candidate near a clause and how it measures up.</summary>
public sealed record PlainLanguageResult(bool Passes, DisclosurePart Parts, double? Grade, TextSpan? Span)
{
    public IReadOnlyList<string> MissingParts(double threshold)
    {
        var missing = new List<string>();
        if (!Parts.HasFlag(DisclosurePart.AddressesReader))
        {
            missing.Add("words addressed to the reader");
        }

        if (!Parts.HasFlag(DisclosurePart.NamesPractice))
        {
            missing.Add("what data is used for what");
        }

        if (!Parts.HasFlag(DisclosurePart.StatesDefault))
        {
            missing.Add("whether it is on by default");
        }

        if (!Parts.HasFlag(DisclosurePart.HowToTurnOff))
        {
            missing.Add("how to turn it off");
        }

        if (Grade is { } grade && grade > threshold)
        {
            missing.Add($"readability (grade {grade:0.0}, threshold {threshold:0.#})");
        }

        return missing;
    }
}

/// <summary>
/// Finds a plain-language disclosure near a clause: in its section and subsections, in a summary block
/// ("In plain words: …"), or a summary section, looking at windows of up to three consecutive blocks.
/// </summary>
public sealed class PlainLanguageDetector
{
    private const int MaxWindow = 3;
    private readonly AnalysisContext _context;
    private readonly Dictionary<(int Section, ClauseFamily Family), PlainLanguageResult> _bySection = [];
    private readonly Dictionary<(int Block, ClauseFamily Family), DisclosurePart> _parts = [];
    private readonly Dictionary<int, (int Words, int Syllables)> _stats = [];
    private readonly Dictionary<int, bool> _summaryBlock = [];
    private readonly Dictionary<int, bool> _summarySection = [];
    private List<Block>? _summaryBlocks;

    internal PlainLanguageDetector(AnalysisContext context) => _context = context;

    public PlainLanguageResult Evaluate(Clause clause)
    {
        var key = (clause.Sentence.Section.Index, clause.Family);
        if (!_bySection.TryGetValue(key, out var result))
        {
            result = Best(clause.Sentence.Section, clause.Family);
            _bySection[key] = result;
        }

        return result;
    }

    public bool IsSummary(Block block)
    {
        if (_summaryBlock.TryGetValue(block.Index, out var cached))
        {
            return cached;
        }

        var result = IsSummarySection(block.Section) || StartsWithSummaryLabel(block.PlainText);
        _summaryBlock[block.Index] = result;
        return result;
    }

    private bool IsSummarySection(Section section)
    {
        if (!_summarySection.TryGetValue(section.Index, out var result))
        {
            result = (section.Level > 0 && StartsWithSummaryLabel(section.Title)) || (section.Parent is { } parent && IsSummarySection(parent));
            _summarySection[section.Index] = result;
        }

        return result;
    }

    private bool StartsWithSummaryLabel(string text)
    {
        var head = text.Length > 60 ? text[..60] : text;
        var tokens = Vocabulary.Tokenizer.Tokenize(head);
        foreach (var match in _context.Terms["plain.summaryLabels"].FindAll(tokens))
        {
            if (match.TokenStart == 0)
            {
                return true;
            }
        }

        return false;
    }

    private PlainLanguageResult Best(Section section, ClauseFamily family)
    {
        var threshold = _context.Config.MaxGrade;
        var best = new PlainLanguageResult(false, DisclosurePart.None, null, null);
        var groups = section.SelfAndDescendants().Select(s => (IReadOnlyList<Block>)s.Blocks).ToList();
        groups.Add(SummaryBlocks());
        foreach (var blocks in groups)
        {
            for (var start = 0; start < blocks.Count; start++)
            {
                var parts = DisclosurePart.None;
                for (var length = 1; length <= MaxWindow && start + length <= blocks.Count; length++)
                {
                    var block = blocks[start + length - 1];
                    parts |= Parts(block, family);
                    var window = blocks.Skip(start).Take(length).ToList();
                    var grade = Grade(window);
                    var candidate = new PlainLanguageResult(
                        parts == DisclosurePart.All && grade <= threshold,
                        parts,
                        grade,
                        new TextSpan(window[0].Span.Start, window[^1].Span.End));
                    if (candidate.Passes)
                    {
                        return candidate;
                    }

                    if (Better(candidate, best))
                    {
                        best = candidate;
                    }
                }
            }
        }

        return best;
    }

    private static bool Better(PlainLanguageResult candidate, PlainLanguageResult best)
    {
        var a = Count(candidate.Parts);
        var b = Count(best.Parts);
        return a != b ? a > b : (candidate.Grade ?? double.MaxValue) < (best.Grade ?? double.MaxValue);
    }

    private static int Count(DisclosurePart parts) => System.Numerics.BitOperations.PopCount((uint)parts);

    /// <summary>Blocks of Summary / "In plain words" sections anywhere; a labelled block counts only in its own section.</summary>
    private List<Block> SummaryBlocks() =>
        _summaryBlocks ??= _context.Document.Blocks.Where(b => b.Kind != BlockKind.Heading && IsSummarySection(b.Section)).ToList();

    private DisclosurePart Parts(Block block, ClauseFamily family)
    {
        if (_parts.TryGetValue((block.Index, family), out var parts))
        {
            return parts;
        }

        foreach (var sentence in block.Sentences)
        {
            if (_context.CarveOutResolver.Carved(sentence).Regions.Count > 0)
            {
                continue;
            }

            var f = _context.Facts(sentence);
            if (f.Has("plain.reader"))
            {
                parts |= DisclosurePart.AddressesReader;
            }

            var names = family == ClauseFamily.AiTraining
                ? f.Has("ai.specificTerms") || f.Has("ai.strongVerbs")
                : f.Has("optin.dataUseTerms");
            if (names)
            {
                parts |= DisclosurePart.NamesPractice;
            }

            if (f.Has("plain.default"))
            {
                parts |= DisclosurePart.StatesDefault;
            }

            if (f.Has("plain.turnOff"))
            {
                parts |= DisclosurePart.HowToTurnOff;
            }
        }

        if (block.HasLink || block.HasCode)
        {
            parts |= DisclosurePart.HowToTurnOff;
        }

        _parts[(block.Index, family)] = parts;
        return parts;
    }

    private double Grade(IReadOnlyList<Block> window)
    {
        var sentences = 0;
        var words = 0;
        var syllables = 0;
        foreach (var block in window)
        {
            foreach (var sentence in block.Sentences)
            {
                var (w, s) = Stats(sentence);
                if (w > 0)
                {
                    sentences++;
                    words += w;
                    syllables += s;
                }
            }
        }

        return TextMetrics.FleschKincaidGrade(sentences, words, syllables);
    }

    private (int Words, int Syllables) Stats(Sentence sentence)
    {
        if (!_stats.TryGetValue(sentence.Index, out var stats))
        {
            var words = 0;
            var syllables = 0;
            foreach (var token in _context.Facts(sentence).Tokens)
            {
                words++;
                syllables += TextMetrics.CountSyllables(token.OriginalSpan);
            }

            stats = (words, syllables);
            _stats[sentence.Index] = stats;
        }

        return stats;
    }
}
