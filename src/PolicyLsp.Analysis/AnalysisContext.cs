using System.Buffers;
using PolicyLsp.Analysis.CarveOuts;
using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Configuration;
using PolicyLsp.Analysis.Parsing;
using PolicyLsp.Analysis.PlainLanguage;
using PolicyLsp.Analysis.Regions;
using PolicyLsp.Analysis.Vocabulary;

namespace PolicyLsp.Analysis;

/// <summary>Everything the rules read about one document, each fact computed once and cached.</summary>
internal sealed class AnalysisContext
{
    private const int MaxRowCells = 32;
    private const int MaxListEntries = 32;
    private const int MaxContextSentences = 64;

    private readonly SentenceFacts?[] _facts;
    private readonly Dictionary<Clause, CarveOutResult> _carveOuts = [];
    private RegionFacts? _regions;
    private Dictionary<Section, HeadingReading>? _headings;
    private ListPlace[]? _listPlaces;
    private string[]? _ownNames;
    private List<Clause>? _stated;
    private CarveOutResolver? _carveOutResolver;
    private PlainLanguageDetector? _plainLanguage;
    private Rules.LineRuns? _lineRuns;
    private IReadOnlyList<Changes.MaterialChange>? _materialChanges;
    private Block[][]? _contexts;
    private HashSet<(Sentence, ClauseFamily)>? _clauseKeys;

    internal AnalysisContext(PolicyDocument document, PolicyConfig config, TermPack terms, RegionCatalog catalog, AnalysisCache? cache = null)
    {
        Cache = cache;
        Document = document;
        Config = config;
        Terms = terms;
        Catalog = catalog;
        _facts = new SentenceFacts?[document.Sentences.Count];
        Clauses = FindClauses();
    }

    public PolicyDocument Document { get; }

    public PolicyConfig Config { get; }

    public TermPack Terms { get; }

    public RegionCatalog Catalog { get; }

    public IReadOnlyList<Clause> Clauses { get; }

    /// <summary>
    /// The clauses outside summaries: the practices stated in full, which the rules flag and the comparison of versions
    /// reads (a summary restates them, and a plain-language block a fix inserts must draw no findings of its own).
    /// </summary>
    public IReadOnlyList<Clause> StatedClauses => _stated ??= Clauses.Where(c => !c.InSummary).ToList();

    /// <summary>What analyses of the same document keep for the next version; null for a one-off analysis.</summary>
    public AnalysisCache? Cache { get; }

    /// <summary>Follows links to other policies (for carve-outs made there); null when the front end offers none.</summary>
    public LinkedDocumentResolver? LinkedDocuments { get; init; }

    /// <summary>The earlier version this one is compared with (the PL3xx rules); null when there is none.</summary>
    public PreviousVersion? Previous { get; init; }

    /// <summary>What changed since <see cref="Previous"/>, computed once for all PL3xx rules.</summary>
    public IReadOnlyList<Changes.MaterialChange> MaterialChanges =>
        _materialChanges ??= Previous is null ? [] : Changes.MaterialChanges.Compare(Previous.Result.Context, this);

    public RegionFacts Regions => _regions ??= new RegionFacts(Document, Catalog, Terms, Facts);

    public PlainLanguageDetector PlainLanguage => _plainLanguage ??= new PlainLanguageDetector(this);

    public SentenceFacts Facts(Sentence sentence) => _facts[sentence.Index] ??= new SentenceFacts(sentence, TextFacts(sentence));

    /// <summary>The sentence's vocabulary matches, kept with the parsed sentence for later versions of the document.</summary>
    private TextFacts TextFacts(Sentence sentence)
    {
        if (sentence.Item.Facts is { } kept && ReferenceEquals(kept.Terms, Terms))
        {
            return kept;
        }

        var facts = new TextFacts(sentence.Text, Terms);
        sentence.Item.Facts = facts;
        return facts;
    }

    /// <summary>The document's runs of non-blank lines, where fixes insert their paragraphs.</summary>
    internal Rules.LineRuns LineRuns => _lineRuns ??= new Rules.LineRuns(Document.Source);

    public CarveOutResolver CarveOutResolver => _carveOutResolver ??= new CarveOutResolver(this);

    public CarveOutResult CarveOut(Clause clause)
    {
        if (!_carveOuts.TryGetValue(clause, out var result))
        {
            result = CarveOutResolver.Resolve(clause);
            _carveOuts[clause] = result;
        }

        return result;
    }

    /// <summary>True for blocks that restate a practice for the reader ("In plain words: …", a Summary section).</summary>
    public bool IsSummary(Block block) => PlainLanguage.IsSummary(block);

    private List<Clause> FindClauses()
    {
        var clauses = new List<Clause>();
        var gate = Terms.Gate;
        var found = new List<CachedClause>();
        var (reused, classified) = (0, 0);
        char[]? buffer = null;
        try
        {
            foreach (var block in Document.Blocks)
            {
                if (block.Kind == BlockKind.Heading || block.Sentences.Count == 0)
                {
                    continue;
                }

                // A paragraph of a chunk kept from an earlier version carries its clauses, while the paragraphs they
                // were found with are the same.
                CachedClause[] cached;
                var context = ContextOf(block);
                var previousEntry = PreviousEntry(block);
                var negatingHeading = UnderNegatingHeading(block);
                if (block.Item.Classified is { } kept && kept.HoldsFor(Terms, context, previousEntry, negatingHeading, block.Section.Title, OwnNames))
                {
                    reused++;
                    cached = kept.Clauses;
                }
                else
                {
                    classified++;
                    cached = Classify(block, context, gate, found, ref buffer);
                    block.Item.Classified = new ClassifiedBlock(Terms, cached, context, previousEntry, negatingHeading, block.Section.Title, OwnNames);
                }

                if (cached.Length > 0)
                {
                    var inSummary = IsSummary(block);
                    foreach (var clause in cached)
                    {
                        clauses.Add(new Clause(clause.Family, block.Sentences[clause.SentenceOrdinal], clause.Triggers, clause.TopicWords) { InSummary = inSummary });
                    }
                }
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<char>.Shared.Return(buffer);
            }
        }

        if (Cache is not null)
        {
            Cache.LastRun = (reused, classified);
        }

        return clauses;
    }

    /// <summary>The clauses of one paragraph: only sentences that pass the gate reach the classifier.</summary>
    private CachedClause[] Classify(Block block, Block[] context, ClauseGate gate, List<CachedClause> found, ref char[]? buffer)
    {
        var text = block.PlainText;
        if (buffer is null || buffer.Length < text.Length)
        {
            if (buffer is not null)
            {
                ArrayPool<char>.Shared.Return(buffer);
            }

            buffer = ArrayPool<char>.Shared.Rent(text.Length);
        }

        var lower = buffer.AsSpan(0, text.Length);
        Tokenizer.Lower(text, lower);
        if (!gate.MayHoldClause(lower))
        {
            return [];
        }

        found.Clear();
        List<SentenceFacts>? near = null;
        Func<IReadOnlyList<SentenceFacts>> around = () => near ??= FactsOf(context);
        for (var i = 0; i < block.Sentences.Count; i++)
        {
            var sentence = block.Sentences[i];
            if (block.Sentences.Count == 1 || gate.MayHoldClause(lower[sentence.PlainStart..sentence.PlainEnd]))
            {
                foreach (var clause in ClauseClassifier.Classify(Facts(sentence), SurroundingsOf(block, i, around)))
                {
                    found.Add(new CachedClause(i, clause.Family, clause.Triggers, clause.TopicWords));
                }
            }
        }

        return found.Count == 0 ? [] : found.ToArray();
    }

    /// <summary>What the classifier may read around the <paramref name="ordinal"/>-th sentence of <paramref name="block"/>.</summary>
    private Surroundings SurroundingsOf(Block block, int ordinal, Func<IReadOnlyList<SentenceFacts>> around) => new(
        () => ConsentEarlier(block, ordinal),
        () => ordinal > 0 ? Facts(block.Sentences[ordinal - 1]) : PreviousEntry(block) is { } entry ? Facts(entry.Sentences[^1]) : null,
        block.Kind == BlockKind.TableCell ? around : null,
        IsLedIn(block) ? around : null,
        () => ordinal + 1 < block.Sentences.Count ? Facts(block.Sentences[ordinal + 1]) : null,
        block.Kind == BlockKind.ListItem ? () => InChoicesSection(block.Section) : null,
        OwnNames,
        block.Kind == BlockKind.ListItem ? () => UnderNegatingHeading(block) : null,
        block.Kind == BlockKind.ListItem ? () => HeadingOf(block.Section).Rights : null);

    /// <summary>
    /// "### We do not" over "- Sell your personal information - Use your chats to train AI models": the entry's list opens
    /// its section (only list entries stand between the heading and it, at most <see cref="MaxListEntries"/> in all) and the
    /// heading is a negation (read once per section). Only the AI family reads it, as it reads a negated lead-in.
    /// </summary>
    internal bool UnderNegatingHeading(Block block) => ListPlaceOf(block).OpensSection && HeadingOf(block.Section).Negating;

    /// <summary>
    /// "- We send a weekly deals email. - You can switch it off in Settings.": the entry right before a list entry in the same
    /// list (same section, marker in the same column), whose last sentence is the entry's previous sentence.
    /// </summary>
    internal Block? PreviousEntry(Block block) => ListPlaceOf(block).PreviousEntry;

    private ListPlace ListPlaceOf(Block block)
    {
        _contexts ??= Contexts();
        return _listPlaces![block.Index];
    }

    /// <summary>Where a list entry stands in its list, found in the pass that finds every block's context.</summary>
    private readonly record struct ListPlace(Block? PreviousEntry, bool OpensSection);

    /// <summary>What a section's heading says about the lists under it, read once per section.</summary>
    private readonly record struct HeadingReading(bool Choices, bool Negating, bool Rights);

    private HeadingReading HeadingOf(Section section)
    {
        _headings ??= [];
        if (!_headings.TryGetValue(section, out var reading))
        {
            reading = new HeadingReading(ClauseClassifier.IsChoicesHeading(Terms, section.Title), ClauseClassifier.IsNegatingHeading(Terms, section.Title),
                ClauseClassifier.IsRightsHeading(Terms, section.Title));
            _headings[section] = reading;
        }

        return reading;
    }

    /// <summary>The names the document gives its author, read once per analysis.</summary>
    internal string[] OwnNames => _ownNames ??= PolicyLsp.Analysis.Clauses.OwnNames.Find(Document, Terms);

    /// <summary>An entry of a list, with or without list markup ("(2) …" after "You will not:"), whose lead-in may be read.</summary>
    internal bool IsLedIn(Block block) => block.Kind == BlockKind.ListItem || (block.Kind == BlockKind.Paragraph && ContextOf(block).Length > 0);

    /// <summary>Whether the section's heading is about the reader's choices, read once per section.</summary>
    private bool InChoicesSection(Section section) => HeadingOf(section).Choices;

    /// <summary>
    /// Why <paramref name="sentence"/> is not a clause of each family it is not one of: the step of the classifier that
    /// turned it down, or the gate when no clause word reaches it. Runs the classifier again with a recorder: for
    /// <c>explain</c> and the evaluation, not for the analysis path.
    /// </summary>
    internal Rejections WhyNot(Sentence sentence)
    {
        var why = new Rejections();
        var block = sentence.Block;
        var ordinal = 0;
        while (ordinal < block.Sentences.Count && block.Sentences[ordinal] != sentence)
        {
            ordinal++;
        }

        // The gate as the analysis applies it: to the whole paragraph when it is one sentence, else to the sentence (a
        // substring test, so a sentence that passes it has a paragraph that passes too).
        var text = block.Sentences.Count == 1 ? block.PlainText.AsSpan() : block.PlainText.AsSpan(sentence.PlainStart, sentence.PlainEnd - sentence.PlainStart);
        var lower = new char[text.Length];
        Tokenizer.Lower(text, lower);
        if (!Terms.Gate.MayHoldClause(lower))
        {
            why.Not(ClauseFamily.AiTraining, "no clause words reach the classifier");
            why.Not(ClauseFamily.DefaultOptIn, "no clause words reach the classifier");
            return why;
        }

        var context = ContextOf(block);
        _ = ClauseClassifier.Classify(Facts(sentence), SurroundingsOf(block, ordinal, () => FactsOf(context)), why).ToList();
        return why;
    }

    /// <summary>
    /// Why <paramref name="sentence"/>, which has <paramref name="family"/>'s words, is not a clause of it: the
    /// classifier's step. Null when the sentence lacks the family's words (<see cref="Rules.FamilyDescriptor.MissingWords"/>)
    /// or is its clause. <paramref name="why"/> is filled on first use, so a second family costs no second run.
    /// </summary>
    internal string? ReasonNotClause(Sentence sentence, Rules.FamilyDescriptor family, ref Rejections? why)
    {
        _clauseKeys ??= Clauses.Select(c => (c.Sentence, c.Family)).ToHashSet();
        if (family.MissingWords(Facts(sentence)) is not null || _clauseKeys.Contains((sentence, family.Family)))
        {
            return null;
        }

        // Every step that returns no clause records a reason; none recorded means the two runs disagree.
        return (why ??= WhyNot(sentence)).For(family.Family) ?? "no reason recorded (the classifier took it as a clause when asked again)";
    }

    /// <summary>
    /// The paragraphs a block's clauses may depend on: for a table cell, the other cells of its row; for a list entry,
    /// the paragraph that leads the list in. Empty for other blocks.
    /// </summary>
    internal Block[] ContextOf(Block block) => (_contexts ??= Contexts())[block.Index];

    /// <summary>The sentences of the given paragraphs (at most <see cref="MaxContextSentences"/>).</summary>
    internal List<SentenceFacts> FactsOf(Block[] context)
    {
        var facts = new List<SentenceFacts>();
        foreach (var block in context)
        {
            foreach (var sentence in block.Sentences)
            {
                if (facts.Count < MaxContextSentences)
                {
                    facts.Add(Facts(sentence));
                }
            }
        }

        return facts;
    }

    /// <summary>
    /// Every block's context, in one pass. A row is the run of table cells on one source line (at most
    /// <see cref="MaxRowCells"/>; none for a header row). "Customers can limit the sale of their data: - Wireless
    /// customers can opt out at …": a list's lead-in is the paragraph of the same section right before its first entry,
    /// for at most <see cref="MaxListEntries"/> entries. "You agree that you will not:" over "(1) scrape the site;" and "(2)
    /// train AI models on its content.": paragraphs that open with "(1)", "(a)" or "(iv)" after a paragraph ending in a
    /// colon are entries of a list written without list markup, led in by that paragraph ("c) …" too). The same pass finds
    /// where each list entry stands (<see cref="ListPlace"/>).
    /// </summary>
    private Block[][] Contexts()
    {
        var blocks = Document.Blocks;
        var source = Document.Source;
        var contexts = new Block[blocks.Count][];
        Block? leadIn = null;
        // "We use your information for these purposes:" over "**To run the service:**" over a list: the label's own lead-in.
        Block? outerLeadIn = null;
        Block[]? leadInContext = null;
        var entries = 0;
        (Block? LeadIn, Block[]? Context, int Entries) enumeration = default;
        (Block[]? Context, int Column, int Entries) nested = default;
        var places = new ListPlace[blocks.Count];
        // The column of the previous block's marker when it is a list entry (-1 when it is not), and how many list entries
        // in a row open the current section (0 when something else stands between).
        var (previousColumn, sectionRun) = (-1, 0);
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            contexts[i] = [];
            var columnBefore = previousColumn;
            previousColumn = -1;
            if (block.Kind != BlockKind.Paragraph)
            {
                // Only paragraphs continue a list written without markup: a list, a table or a heading ends it.
                enumeration = default;
            }

            if (block.Kind == BlockKind.ListItem)
            {
                // "- Customers can limit the sale of their data:" over "  - Wireless customers can opt out at …": the
                // entries of a nested list are led in by the entry they sit under.
                // As in CommonMark, an entry whose marker is indented to the previous entry's text belongs to it.
                var column = source.GetPosition(block.Span.Start).Character;
                var parent = i > 0 ? blocks[i - 1] : null;
                var sameList = parent is { Kind: BlockKind.ListItem } && parent.Section == block.Section;
                if (sameList && Indentation(source, block.Span.Start) >= columnBefore)
                {
                    nested = ([parent!], column, 0);
                }

                sectionRun = parent is null || parent.Section != block.Section ? 1 : sameList && sectionRun > 0 ? sectionRun + 1 : 0;
                places[i] = new ListPlace(
                    sameList && columnBefore == column && parent!.Sentences.Count > 0 ? parent : null, sectionRun is > 0 and <= MaxListEntries);
                previousColumn = column;

                if (nested.Context is not null && nested.Column == column && ++nested.Entries <= MaxListEntries)
                {
                    contexts[i] = nested.Context;
                    continue;
                }

                if (nested.Column > column)
                {
                    nested = default;
                }

                if (leadIn is not null && ++entries <= MaxListEntries && leadIn.Section == block.Section)
                {
                    // One array for all the entries of a list (this runs on every keystroke).
                    contexts[i] = leadInContext ??= outerLeadIn is null ? [leadIn] : [outerLeadIn, leadIn];
                }

                continue;
            }

            if (block.Kind == BlockKind.TableCell)
            {
                var line = source.GetPosition(block.Span.Start).Line;
                var end = i + 1;
                while (end < blocks.Count && end - i < MaxRowCells && blocks[end].Kind == BlockKind.TableCell
                    && source.GetPosition(blocks[end].Span.Start).Line == line)
                {
                    end++;
                }

                var header = IsHeaderRow(source, line);
                for (var cell = i; cell < end; cell++)
                {
                    contexts[cell] = header ? [] : [.. Enumerable.Range(i, end - i).Where(c => c != cell).Select(c => blocks[c])];
                }

                i = end - 1;
            }

            if (block.Kind == BlockKind.Paragraph && enumeration.LeadIn is { } colon && colon.Section == block.Section
                && OpensWithEnumeration(block.PlainText) && ++enumeration.Entries <= MaxListEntries)
            {
                contexts[i] = enumeration.Context ??= [colon];
                continue;
            }

            enumeration = block.Kind == BlockKind.Paragraph && EndsWithColon(block) ? (block, null, 0) : default;
            outerLeadIn = block.Kind == BlockKind.Paragraph && IsColonLabel(block) && leadIn is { } before && before == blocks[i - 1]
                && before.Section == block.Section && EndsWithColon(before) ? before : null;
            leadIn = block.Kind == BlockKind.Paragraph ? block : null;
            leadInContext = null;
            entries = 0;
            nested = default;
        }

        _listPlaces = places;
        return contexts;
    }

    private static bool EndsWithColon(Block block) => block.PlainText.AsSpan().TrimEnd().EndsWith(':');

    /// <summary>The most words of a label that leads in a list under another lead-in ("**To run the service:**").</summary>
    private const int MaxLabelWords = 6;

    /// <summary>A paragraph that is one short label ending in a colon.</summary>
    private static bool IsColonLabel(Block block) =>
        block.Sentences.Count == 1 && EndsWithColon(block) && block.PlainText.AsSpan().Trim().Count(' ') < MaxLabelWords;

    /// <summary>The longest enumeration label read at the start of a paragraph ("(iv)", "(12)").</summary>
    private const int MaxEnumerationLabel = 4;

    /// <summary>"(1) …", "(a) …", "c) …", "(iv) …": the text opens with a short label before a closing bracket and a space.</summary>
    private static bool OpensWithEnumeration(string text)
    {
        var span = text.AsSpan().TrimStart();
        var open = span.Length > 0 && span[0] == '(' ? 1 : 0;
        var close = span.IndexOf(')');
        return close > open && close - open <= MaxEnumerationLabel && close + 1 < span.Length && span[close + 1] == ' '
            && !span[open..close].ContainsAnyExcept("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
    }

    /// <summary>How far the line holding the offset is indented (spaces and tabs, a tab counting as one).</summary>
    private static int Indentation(Text.SourceText source, int offset)
    {
        var line = source.GetPosition(offset).Line;
        var start = source.LineStart(line);
        var text = source.Text.AsSpan(start, offset - start);
        var first = text.IndexOfAnyExcept(" \t");
        return first < 0 ? text.Length : first;
    }

    /// <summary>A pipe table's header row: the line after it is the delimiter row ("|---|:---:|").</summary>
    private static bool IsHeaderRow(Text.SourceText source, int line)
    {
        if (line + 1 >= source.LineCount)
        {
            return false;
        }

        var next = source.Text.AsSpan(source.LineStart(line + 1), source.LineEnd(line + 1) - source.LineStart(line + 1)).Trim();
        return next.Contains('-') && next.IndexOfAnyExcept("|-: \t") < 0;
    }

    private static bool HardBreakBefore(Block block, int ordinal) =>
        block.PlainText.AsSpan(block.Sentences[ordinal - 1].PlainEnd, block.Sentences[ordinal].PlainStart - block.Sentences[ordinal - 1].PlainEnd).IndexOf('\n') >= 0;

    /// <summary>
    /// Whether a sentence before this one asks for consent first, reading back to the paragraph's start or to a hard line
    /// break, which sets a line apart as its own paragraph does ("We email offers like your past orders, or where you
    /// agreed to them.⏎ You can opt out of these offers …", lines of one paragraph as converted pages often write them).
    /// </summary>
    internal bool ConsentEarlier(Block block, int sentenceOrdinal)
    {
        var first = sentenceOrdinal;
        while (first > 0 && !HardBreakBefore(block, first))
        {
            first--;
        }

        return ClauseClassifier.ConsentFirst(Enumerable.Range(first, sentenceOrdinal - first).Reverse().Select(i => Facts(block.Sentences[i])), Catalog);
    }
}

/// <summary>
/// An earlier version of a document: its analysis, how messages name it ("HEAD", "policy-2025.md") and, when it is
/// a file one can open, its path or URI (the related location of each change); a git revision has none.
/// </summary>
public sealed record PreviousVersion(AnalysisResult Result, string Label, string? Location = null);
