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
/// ("In plain words: …"), or a summary section, looking at runs of up to four consecutive sentences, whose own
/// readability is measured (short sentences next to a long legal one still count).
/// </summary>
public sealed class PlainLanguageDetector
{
    private const int MaxWindow = 4;
    private const int MinSentenceWords = 3;

    // A disclosure says of the practice itself that it is on or how to turn it off, not of some other thing nearby.
    private const DisclosurePart Actionable = DisclosurePart.StatesDefault | DisclosurePart.HowToTurnOff;
    private readonly AnalysisContext _context;
    private readonly Dictionary<(int Section, ClauseFamily Family, string Topics), PlainLanguageResult> _bySection = [];
    private readonly Dictionary<(int Sentence, ClauseFamily Family), DisclosurePart> _parts = [];
    private readonly Dictionary<int, (int Words, int Syllables)> _stats = [];
    private readonly Dictionary<int, bool> _summaryBlock = [];
    private readonly Dictionary<int, bool> _summarySection = [];
    private List<Block>? _summaryBlocks;

    internal PlainLanguageDetector(AnalysisContext context) => _context = context;

    public PlainLanguageResult Evaluate(Clause clause)
    {
        var topics = Topics(clause);
        var key = (clause.Sentence.Section.Index, clause.Family, string.Join('|', topics.Order(StringComparer.Ordinal)));
        if (!_bySection.TryGetValue(key, out var result))
        {
            result = Best(clause.Sentence.Section, clause.Family, topics);
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

    /// <summary>
    /// The clause's own data-use words ("telemetry", "cookies"), without the ones every clause has ("data"): a
    /// disclosure of an opt-in practice must name this practice, not another one of the same section.
    /// </summary>
    private HashSet<string> Topics(Clause clause)
    {
        var topics = new HashSet<string>(StringComparer.Ordinal);
        if (clause.Family != ClauseFamily.DefaultOptIn)
        {
            return topics;
        }

        var generic = _context.Terms["plain.genericTopics"];
        foreach (var word in clause.TopicWords)
        {
            if (generic.FindAll(Vocabulary.Tokenizer.Tokenize(word)).Count == 0)
            {
                topics.Add(Stem(word));
            }
        }

        return topics;
    }

    private static string Stem(string word) => word.Length > 3 && word[^1] == 's' ? word[..^1] : word;

    private PlainLanguageResult Best(Section section, ClauseFamily family, HashSet<string> topics)
    {
        var threshold = _context.Config.MaxGrade;
        var best = new PlainLanguageResult(false, DisclosurePart.None, null, null);
        var groups = section.SelfAndDescendants().Select(s => SentencesOf(s.Blocks)).ToList();
        groups.Add(SentencesOf(SummaryBlocks()));
        foreach (var sentences in groups)
        {
            for (var start = 0; start < sentences.Count; start++)
            {
                var parts = DisclosurePart.None;
                var anchored = false;
                var named = false;
                for (var length = 1; length <= MaxWindow && start + length <= sentences.Count; length++)
                {
                    var sentence = sentences[start + length - 1];
                    var sentenceParts = Parts(sentence, family, topics);
                    parts |= sentenceParts;

                    // "We use X to … ." then "It is on by default." in the same paragraph speaks of X too.
                    var names = sentenceParts.HasFlag(DisclosurePart.NamesPractice)
                        || (length > 1 && sentences[start + length - 2].Block == sentence.Block && named);
                    anchored |= names && (sentenceParts & Actionable) != 0;
                    named = names;
                    var grade = Grade(sentences, start, length);
                    var candidate = new PlainLanguageResult(
                        parts == DisclosurePart.All && anchored && grade <= threshold,
                        parts,
                        grade,
                        new TextSpan(sentences[start].Span.Start, sentences[start + length - 1].Span.End));
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

    private static List<Sentence> SentencesOf(IEnumerable<Block> blocks) => blocks.SelectMany(b => b.Sentences).ToList();

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

    private DisclosurePart Parts(Sentence sentence, ClauseFamily family, HashSet<string> topics)
    {
        var parts = Parts(sentence, family);
        if (topics.Count > 0 && parts.HasFlag(DisclosurePart.NamesPractice))
        {
            var f = _context.Facts(sentence);
            if (!f.Find("optin.dataUseTerms").Exists(m => topics.Contains(Stem(f.TextOf(m).ToLowerInvariant())) && !InLinkText(f, m)))
            {
                parts &= ~DisclosurePart.NamesPractice;
            }
        }

        return parts;
    }

    /// <summary>A link's title names the page it leads to; it does not tell the reader what is done with their data.</summary>
    private static bool InLinkText(SentenceFacts f, Vocabulary.PhraseMatch match)
    {
        var sentence = f.Sentence;
        if (sentence.Block.LinkSpans.Count == 0)
        {
            return false;
        }

        var offset = sentence.Block.Map.ToSource(sentence.PlainStart + f.Tokens[match.TokenStart].Start);
        return sentence.Block.LinkSpans.Any(l => l.Start <= offset && offset < l.End);
    }

    private DisclosurePart Parts(Sentence sentence, ClauseFamily family)
    {
        if (_parts.TryGetValue((sentence.Index, family), out var parts))
        {
            return parts;
        }

        // A sentence about one region's treatment is a carve-out, not the disclosure everyone reads; a column header
        // or a label ("Setting") is not a sentence that tells the reader anything.
        if (Stats(sentence).Words >= MinSentenceWords && _context.CarveOutResolver.Carved(sentence).Regions.Count == 0)
        {
            var f = _context.Facts(sentence);
            if (f.Has("plain.reader") || ClauseClassifier.OpensWithCommand(f))
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

            // "You can opt out of X" tells the reader that X is on until they act.
            if (f.Has("plain.default") || f.Has("optin.optOut") || f.Has("optin.optOutWeak") || f.Has("exception.optOut"))
            {
                parts |= DisclosurePart.StatesDefault;
            }

            if (f.Has("plain.turnOff") || sentence.HasLink || sentence.HasCode)
            {
                parts |= DisclosurePart.HowToTurnOff;
            }
        }

        _parts[(sentence.Index, family)] = parts;
        return parts;
    }

    /// <summary>Flesch–Kincaid grade of the window's own sentences: the disclosure is read, not its whole paragraph.</summary>
    private double Grade(List<Sentence> sentences, int start, int length)
    {
        var count = 0;
        var words = 0;
        var syllables = 0;
        for (var i = start; i < start + length; i++)
        {
            var (w, s) = Stats(sentences[i]);
            if (w > 0)
            {
                count++;
                words += w;
                syllables += s;
            }
        }

        return TextMetrics.FleschKincaidGrade(count, words, syllables);
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
