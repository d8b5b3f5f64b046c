using PolicyLsp.Analysis.Text;

namespace PolicyLsp.Analysis.Parsing;

/// <summary>
/// One chunk of a document as parsed on its own: its headings and blocks in document order, with offsets counted from
/// the chunk's start, so that the chunk can be placed anywhere in a later version of the document. Never changed once
/// built; shared between versions.
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
}

internal abstract class ChunkItem;

internal sealed class HeadingItem(string title, int level, TextSpan span) : ChunkItem
{
    public string Title { get; } = title;

    public int Level { get; } = level;

    public TextSpan Span { get; } = span;
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
}

internal readonly record struct SentenceItem(int PlainStart, int PlainEnd, TextSpan Span, string Text, bool HasLink, bool HasCode);
