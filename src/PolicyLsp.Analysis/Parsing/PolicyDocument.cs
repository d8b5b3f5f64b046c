using PolicyLsp.Analysis.Text;
using PolicyLsp.Analysis.Vocabulary;

namespace PolicyLsp.Analysis.Parsing;

public enum BlockKind
{
    Paragraph,
    ListItem,
    TableCell,
    Quote,
    Heading,
}

/// <summary>A heading and everything up to the next heading of the same or a higher level.</summary>
internal sealed class Section
{
    private readonly List<Section> _children = [];
    private readonly List<Block> _blocks = [];

    private readonly HeadingItem? _heading;

    internal Section(int index, string title, int level, TextSpan headingSpan, Section? parent, HeadingItem? heading = null)
    {
        _heading = heading;
        Index = index;
        Title = title;
        Level = level;
        HeadingSpan = headingSpan;
        Parent = parent;
        Span = headingSpan;
    }

    public int Index { get; }

    /// <summary>Heading text without markup; empty for the document's preamble.</summary>
    public string Title { get; }

    /// <summary>The title's words (kept with the parsed heading, so later versions of the document do not read them again).</summary>
    public Token[] TitleTokens => _heading?.Tokens ?? Tokenizer.Tokenize(Title);

    /// <summary>1–6 for headings; 0 for the preamble before the first heading.</summary>
    public int Level { get; }

    public TextSpan HeadingSpan { get; }

    /// <summary>From the heading to the end of the section's last subsection.</summary>
    public TextSpan Span { get; internal set; }

    public Section? Parent { get; }

    public IReadOnlyList<Section> Children => _children;

    /// <summary>Blocks directly in this section (not in its subsections).</summary>
    public IReadOnlyList<Block> Blocks => _blocks;

    public IEnumerable<Section> SelfAndDescendants()
    {
        var stack = new Stack<Section>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var section = stack.Pop();
            yield return section;
            for (var i = section._children.Count - 1; i >= 0; i--)
            {
                stack.Push(section._children[i]);
            }
        }
    }

    public IEnumerable<Section> SelfAndAncestors()
    {
        for (var s = this; s is not null; s = s.Parent)
        {
            yield return s;
        }
    }

    internal void AddChild(Section child) => _children.Add(child);

    internal void AddBlock(Block block) => _blocks.Add(block);
}

/// <summary>A paragraph-like unit of text with a map from its plain text back to source offsets.</summary>
internal sealed class Block
{
    private readonly List<Sentence> _sentences;

    /// <summary>A parsed paragraph placed in a document: <paramref name="map"/>, <paramref name="span"/> and <paramref name="linkSpans"/> are its offsets there.</summary>
    internal Block(int index, Section section, BlockItem item, OffsetMap map, TextSpan span, IReadOnlyList<TextSpan> linkSpans)
    {
        Item = item;
        _sentences = new List<Sentence>(item.Sentences.Length);
        Index = index;
        Section = section;
        Map = map;
        Span = span;
        LinkSpans = linkSpans;
    }

    public int Index { get; }

    public BlockKind Kind => Item.Kind;

    public Section Section { get; }

    /// <summary>The block's text with Markdown markup removed (link text kept, URLs dropped).</summary>
    public string PlainText => Item.Text;

    public OffsetMap Map { get; }

    public TextSpan Span { get; }

    public int QuoteDepth => Item.QuoteDepth;

    public bool HasLink => Item.Links.Count > 0;

    /// <summary>True when the block has inline code (a command or a settings path such as `brew analytics off`).</summary>
    public bool HasCode => Item.HasCode;

    /// <summary>The parsed paragraph this block was made from (shared with later versions of the document).</summary>
    internal BlockItem Item { get; }

    public IReadOnlyList<string> LinkTargets => Item.Links;

    /// <summary>Where the block's links are in the source (their text and target).</summary>
    public IReadOnlyList<TextSpan> LinkSpans { get; }

    public IReadOnlyList<Sentence> Sentences => _sentences;

    internal void AddSentence(Sentence sentence) => _sentences.Add(sentence);
}

/// <summary>One sentence of a block: plain text plus the span of the original text it came from.</summary>
internal sealed class Sentence
{
    /// <summary>A parsed sentence placed in a document: <paramref name="span"/> is its offsets there.</summary>
    internal Sentence(int index, Block block, SentenceItem item, TextSpan span)
    {
        Item = item;
        Index = index;
        Block = block;
        Span = span;
    }

    public int Index { get; }

    public Block Block { get; }

    public int PlainStart => Item.PlainStart;

    public int PlainEnd => Item.PlainEnd;

    public string Text => Item.Text;

    public TextSpan Span { get; }

    public Section Section => Block.Section;

    /// <summary>True when a link starts, ends or lies inside the sentence.</summary>
    public bool HasLink => Item.HasLink;

    /// <summary>True when the sentence holds inline code (a command or a settings path).</summary>
    public bool HasCode => Item.HasCode;

    /// <summary>The parsed sentence this one was made from (shared with later versions of the document).</summary>
    internal SentenceItem Item { get; }
}

/// <summary>An HTML comment in the document (suppression comments live here).</summary>
internal readonly record struct HtmlComment(string Content, TextSpan Span);

internal sealed class PolicyDocument
{
    internal PolicyDocument(
        SourceText source,
        FrontMatter frontMatter,
        Section root,
        IReadOnlyList<Section> sections,
        IReadOnlyList<Block> blocks,
        IReadOnlyList<Sentence> sentences,
        IReadOnlyList<HtmlComment> comments)
    {
        Source = source;
        FrontMatter = frontMatter;
        Root = root;
        Sections = sections;
        Blocks = blocks;
        Sentences = sentences;
        Comments = comments;
    }

    public SourceText Source { get; }

    public FrontMatter FrontMatter { get; }

    /// <summary>The preamble section; every heading section is its descendant.</summary>
    public Section Root { get; }

    public IReadOnlyList<Section> Sections { get; }

    public IReadOnlyList<Block> Blocks { get; }

    public IReadOnlyList<Sentence> Sentences { get; }

    public IReadOnlyList<HtmlComment> Comments { get; }
}
