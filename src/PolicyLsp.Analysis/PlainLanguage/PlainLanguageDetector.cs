using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Parsing;
using PolicyLsp.Analysis.Rules;
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

        if (missing.Count == 0 && !Passes)
        {
            // Every part is said, but no sentence names the practice and says that it is on or how to turn it off.
            missing.Add("one sentence that names the practice and says it is on or how to turn it off");
        }

        return missing;
    }
}

/// <summary>
/// Finds a plain-language disclosure near a clause: in its section and subsections, in a summary block
/// ("In plain words: …"), or a summary section, looking at runs of up to four consecutive sentences, whose own
/// readability is measured (short sentences next to a long legal one still count).
/// </summary>
internal sealed class PlainLanguageDetector
{
    private const int MaxWindow = 4;
    private const int MinSentenceWords = 3;

    // Places per topic read for one clause when the topic is named all over a section (a generated or hostile document).
    private const int MaxTopicPlaces = 16;

    // A disclosure says of the practice itself that it is on or how to turn it off, not of some other thing nearby.
    private const DisclosurePart Actionable = DisclosurePart.StatesDefault | DisclosurePart.HowToTurnOff;
    private readonly AnalysisContext _context;
    private readonly Dictionary<(int Section, ClauseFamily Family, string Topics), PlainLanguageResult> _bySection = [];
    private static readonly HashSet<string> NoTopics = [];

    // Per sentence of the document: what it discloses for each family (high bit: computed), and its topic words.
    private readonly byte[] _parts;
    private readonly HashSet<string>?[] _sentenceTopics;
    private readonly Dictionary<int, bool> _summaryBlock = [];
    private readonly Dictionary<int, bool> _summarySection = [];
    private readonly Dictionary<(int Section, ClauseFamily Family), PlainLanguageResult> _unnamed = [];
    private readonly Dictionary<int, SectionIndex> _sections = [];
    private List<Block>? _summaryBlocks;

    internal PlainLanguageDetector(AnalysisContext context)
    {
        _context = context;
        _parts = new byte[context.Document.Sentences.Count * FamilyDescriptor.All.Count];
        _sentenceTopics = new HashSet<string>?[context.Document.Sentences.Count];
    }

    public PlainLanguageResult Evaluate(Clause clause)
    {
        var topics = Topics(clause);
        var key = (clause.Sentence.Section.Index, clause.Family, string.Join('|', topics.Order(StringComparer.Ordinal)));
        if (!_bySection.TryGetValue(key, out var result))
        {
            result = Best(clause.Sentence.Section, clause.Family, topics, clause.Sentence, out var nearestOnly);
            if (!nearestOnly)
            {
                _bySection[key] = result;
            }
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
            result = (section.Level > 0 && StartsWithSummaryLabel(section.TitleTokens)) || (section.Parent is { } parent && IsSummarySection(parent));
            _summarySection[section.Index] = result;
        }

        return result;
    }

    private bool StartsWithSummaryLabel(string text) => StartsWithSummaryLabel(Vocabulary.Tokenizer.Tokenize(text.Length > 60 ? text[..60] : text));

    private bool StartsWithSummaryLabel(Vocabulary.Token[] tokens)
    {
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
        if (!clause.Descriptor.DisclosureNamesClauseTopics)
        {
            return topics;
        }

        var generic = _context.Terms["plain.genericTopics"];
        foreach (var word in clause.TopicWords)
        {
            if (generic.FindAll(Vocabulary.Tokenizer.Tokenize(word)).Count == 0)
            {
                topics.Add(_context.Terms.Grammar.Singular(word));
            }
        }

        return topics;
    }

    /// <summary>
    /// The first window that passes, else the best one. With topics, only a window holding a sentence that names one
    /// can pass, so only those are read with the topics; every other window counts as it does with the practice
    /// unnamed, which is computed once per section. That keeps a section of many clauses, each with its own topics,
    /// linear rather than quadratic.
    /// </summary>
    private PlainLanguageResult Best(Section section, ClauseFamily family, HashSet<string> topics, Sentence clause, out bool nearestOnly)
    {
        nearestOnly = false;
        var index = Index(section);
        if (topics.Count == 0)
        {
            return Scan(index, EveryWindowStart(index), s => Parts(s, family), new PlainLanguageResult(false, DisclosurePart.None, null, null));
        }

        var (home, at) = index.Places.TryGetValue(clause.Index, out var place) ? place : (0, 0);
        var starts = new List<(int Group, int Start)>();
        foreach (var topic in topics)
        {
            if (!index.ByTopic.TryGetValue(topic, out var places))
            {
                continue;
            }

            var (from, to) = (0, places.Count);
            if (places.Count > MaxTopicPlaces)
            {
                // A topic named all over a long section (a generated or hostile document): only the places nearest
                // the clause, so the work per clause stays bounded; the answer is then this clause's, not shared.
                nearestOnly = true;
                var nearest = places.BinarySearch((home, at));
                nearest = nearest < 0 ? ~nearest : nearest;
                from = Math.Clamp(nearest - (MaxTopicPlaces / 2), 0, places.Count - MaxTopicPlaces);
                to = from + MaxTopicPlaces;
            }

            for (var k = from; k < to; k++)
            {
                var (group, position) = places[k];
                for (var start = Math.Max(0, position - MaxWindow + 1); start <= position; start++)
                {
                    starts.Add((group, start));
                }
            }
        }

        starts.Sort();
        var windows = starts.Distinct();
        return Scan(index, windows, s => Parts(s, family, topics), Unnamed(section, family, index));
    }

    /// <summary>The best window when no sentence names the clause's practice (it cannot pass).</summary>
    private PlainLanguageResult Unnamed(Section section, ClauseFamily family, SectionIndex index)
    {
        if (!_unnamed.TryGetValue((section.Index, family), out var result))
        {
            result = Scan(index, EveryWindowStart(index), s => Parts(s, family) & ~DisclosurePart.NamesPractice, new PlainLanguageResult(false, DisclosurePart.None, null, null));
            _unnamed[(section.Index, family)] = result;
        }

        return result;
    }

    private static IEnumerable<(int Group, int Start)> EveryWindowStart(SectionIndex index) =>
        index.Groups.SelectMany((sentences, group) => Enumerable.Range(0, sentences.Count).Select(start => (group, start)));

    private PlainLanguageResult Scan(
        SectionIndex index, IEnumerable<(int Group, int Start)> starts, Func<Sentence, DisclosurePart> partsOf, PlainLanguageResult best)
    {
        var threshold = _context.Config.MaxGrade;
        foreach (var (group, start) in starts)
        {
            var sentences = index.Groups[group];
            var parts = DisclosurePart.None;
            var anchored = false;
            var named = false;
            for (var length = 1; length <= MaxWindow && start + length <= sentences.Count; length++)
            {
                var sentence = sentences[start + length - 1];
                var sentenceParts = partsOf(sentence);
                parts |= sentenceParts;

                // "We use X to … ." then "It is on by default." in the same paragraph speaks of X too.
                var names = (sentenceParts & DisclosurePart.NamesPractice) != 0
                    || (length > 1 && sentences[start + length - 2].Block == sentence.Block && named);
                anchored |= names && (sentenceParts & Actionable) != 0;
                named = names;
                var grade = Grade(sentences, start, length);
                var passes = parts == DisclosurePart.All && anchored && grade <= threshold;
                if (passes || Better(parts, grade, best))
                {
                    best = new PlainLanguageResult(passes, parts, grade, new TextSpan(sentences[start].Span.Start, sentences[start + length - 1].Span.End));
                    if (passes)
                    {
                        return best;
                    }
                }
            }
        }

        return best;
    }

    /// <summary>The sentence groups a section's disclosure may come from, and where each topic word is named in them.</summary>
    private SectionIndex Index(Section section)
    {
        if (!_sections.TryGetValue(section.Index, out var index))
        {
            var groups = section.SelfAndDescendants().Select(s => SentencesOf(s.Blocks)).ToList();
            groups.Add(SentencesOf(SummaryBlocks()));
            var byTopic = new Dictionary<string, List<(int, int)>>(StringComparer.Ordinal);
            var places = new Dictionary<int, (int, int)>(groups.Sum(g => g.Count));
            for (var group = 0; group < groups.Count; group++)
            {
                for (var position = 0; position < groups[group].Count; position++)
                {
                    places.TryAdd(groups[group][position].Index, (group, position));
                    foreach (var topic in SentenceTopics(groups[group][position]))
                    {
                        if (!byTopic.TryGetValue(topic, out var named))
                        {
                            byTopic[topic] = named = [];
                        }

                        named.Add((group, position));
                    }
                }
            }

            index = new SectionIndex(groups, byTopic, places);
            _sections[section.Index] = index;
        }

        return index;
    }

    private sealed record SectionIndex(
        List<List<Sentence>> Groups,
        Dictionary<string, List<(int Group, int Position)>> ByTopic,
        Dictionary<int, (int Group, int Position)> Places);

    private static List<Sentence> SentencesOf(IEnumerable<Block> blocks) => blocks.SelectMany(b => b.Sentences).ToList();

    private static bool Better(DisclosurePart parts, double grade, PlainLanguageResult best)
    {
        var a = Count(parts);
        var b = Count(best.Parts);
        return a != b ? a > b : grade < (best.Grade ?? double.MaxValue);
    }

    private static int Count(DisclosurePart parts) => System.Numerics.BitOperations.PopCount((uint)parts);

    /// <summary>Blocks of Summary / "In plain words" sections anywhere; a labelled block counts only in its own section.</summary>
    private List<Block> SummaryBlocks() =>
        _summaryBlocks ??= _context.Document.Blocks.Where(b => b.Kind != BlockKind.Heading && IsSummarySection(b.Section)).ToList();

    private DisclosurePart Parts(Sentence sentence, ClauseFamily family, HashSet<string> topics)
    {
        var parts = Parts(sentence, family);
        if (topics.Count > 0 && (parts & DisclosurePart.NamesPractice) != 0 && !SentenceTopics(sentence).Overlaps(topics))
        {
            parts &= ~DisclosurePart.NamesPractice;
        }

        return parts;
    }

    /// <summary>The data-use words a sentence names (stemmed, lower case), outside link titles.</summary>
    private HashSet<string> SentenceTopics(Sentence sentence)
    {
        if (_sentenceTopics[sentence.Index] is not { } topics)
        {
            var f = _context.Facts(sentence);
            topics = NoTopics;
            foreach (var match in f.Find("optin.dataUseTerms"))
            {
                if (!InLinkText(f, match))
                {
                    topics = topics == NoTopics ? new HashSet<string>(StringComparer.Ordinal) : topics;
                    topics.Add(_context.Terms.Grammar.Singular(f.TextOf(match).ToLowerInvariant()));
                }
            }

            _sentenceTopics[sentence.Index] = topics;
        }

        return topics;
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
        var slot = (sentence.Index * FamilyDescriptor.All.Count) + (int)family;
        if (_parts[slot] is var known && known != 0)
        {
            return (DisclosurePart)(known & 0x7F);
        }

        var parts = DisclosurePart.None;

        // A sentence about one region's treatment is a carve-out, not the disclosure everyone reads; a column header
        // or a label ("Setting") is not a sentence that tells the reader anything.
        if (Stats(sentence).Words >= MinSentenceWords && _context.CarveOutResolver.Carved(sentence).Regions.Count == 0)
        {
            var f = _context.Facts(sentence);
            if (f.Has("plain.reader") || ClauseClassifier.OpensWithCommand(f))
            {
                parts |= DisclosurePart.AddressesReader;
            }

            if (FamilyDescriptor.Of(family).NamesPractice.IsMetBy(f))
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

        _parts[slot] = (byte)(0x80 | (int)parts);
        return parts;
    }

    /// <summary>
    /// The grade of the window's own sentences by the language's formula (English: Flesch–Kincaid; German: the first
    /// Wiener Sachtextformel, see <see cref="TextMetrics.Grade(ReadingStats, Vocabulary.Readability)"/>): the
    /// disclosure is read, not its whole paragraph.
    /// </summary>
    private double Grade(List<Sentence> sentences, int start, int length)
    {
        var total = default(ReadingStats);
        for (var i = start; i < start + length; i++)
        {
            total += Stats(sentences[i]);
        }

        return TextMetrics.Grade(total, _context.Terms.Readability);
    }

    private ReadingStats Stats(Sentence sentence) => _context.Facts(sentence).ReadingStats;
}
