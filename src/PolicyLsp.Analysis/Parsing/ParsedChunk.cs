using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Text;
using PolicyLsp.Analysis.Vocabulary;

namespace PolicyLsp.Analysis.Parsing;

/// <summary>
/// One chunk of a document as parsed on its own: its headings and blocks in document order, with offsets counted from
/// the chunk's start, so that the chunk can be placed anywhere in a later version of the document. Shared between
/// versions: its structure never changes once built; its paragraphs and sentences only gain what analyses find in them.
/// </summary>
internal sealed class ParsedChunk(IReadOnlyList<ChunkItem> items, IReadOnlyList<HtmlComment> comments, bool hasLinkDefinitions)
{
    /// <summary>A chunk whose closing heading line was not read as a heading: it cannot be parsed apart from the rest.</summary>
    public static readonly ParsedChunk Invalid = new([], [], false) { Valid = false };

    public bool Valid { get; private init; } = true;

    public IReadOnlyList<ChunkItem> Items { get; } = items;

    public IReadOnlyList<HtmlComment> Comments { get; } = comments;

    /// <summary>True when the chunk defines link references, which links in other chunks may use.</summary>
    public bool HasLinkDefinitions { get; } = hasLinkDefinitions;

    /// <summary>How many headings, blocks and sentences the chunk holds (to size the model's lists once).</summary>
    public (int Headings, int Blocks, int Sentences) Counts { get; } = Count(items);

    private static (int, int, int) Count(IReadOnlyList<ChunkItem> items)
    {
        var (headings, blocks, sentences) = (0, 0, 0);
        foreach (var item in items)
        {
            if (item is BlockItem block)
            {
                blocks++;
                sentences += block.Sentences.Length;
            }
            else
            {
                headings++;
            }
        }

        return (headings, blocks, sentences);
    }
}

internal abstract class ChunkItem;

internal sealed class HeadingItem(string title, int level, TextSpan span) : ChunkItem
{
    public string Title { get; } = title;

    public int Level { get; } = level;

    public TextSpan Span { get; } = span;

    /// <summary>The title's words, read once for every version of the document that has this heading.</summary>
    public Token[] Tokens => field ??= Tokenizer.Tokenize(Title);
}

internal sealed class BlockItem(
    BlockKind kind, int quoteDepth, string text, OffsetMap map, TextSpan span, List<string> links, TextSpan[] linkSpans, bool hasCode, SentenceItem[] sentences)
    : ChunkItem
{
    public BlockKind Kind { get; } = kind;

    public int QuoteDepth { get; } = quoteDepth;

    public string Text { get; } = text;

    public OffsetMap Map { get; } = map;

    public TextSpan Span { get; } = span;

    public IReadOnlyList<string> Links { get; } = links;

    public TextSpan[] LinkSpans { get; } = linkSpans;

    public bool HasCode { get; } = hasCode;

    public SentenceItem[] Sentences { get; } = sentences;

    /// <summary>The paragraph's clauses, once an analysis has classified it (for every later version with this chunk).</summary>
    public ClassifiedBlock? Classified { get; set; }
}

internal sealed class SentenceItem(int plainStart, int plainEnd, TextSpan span, string text, bool hasLink, bool hasCode)
{
    public int PlainStart { get; } = plainStart;

    public int PlainEnd { get; } = plainEnd;

    public TextSpan Span { get; } = span;

    public string Text { get; } = text;

    public bool HasLink { get; } = hasLink;

    public bool HasCode { get; } = hasCode;

    /// <summary>The text's vocabulary matches, once an analysis has read them (for every later version with this chunk).</summary>
    public TextFacts? Facts { get; set; }
}
