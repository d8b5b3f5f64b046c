using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using PolicyLsp.Analysis.Text;

namespace PolicyLsp.Analysis.Parsing;

/// <summary>Markdown text → policy model: sections, blocks and sentences, each with its source span.</summary>
internal static class PolicyParser
{
    /// <summary>Container nesting deeper than this is read as plain text, so that no parse can overflow the stack.</summary>
    internal const int MaxNesting = 64;

    /// <summary>The Markdig pipeline the model is built from (also the baseline the benchmarks compare against).</summary>
    public static MarkdownPipeline Pipeline { get; } = WithContainers(new MarkdownPipelineBuilder()
        .UsePreciseSourceLocation()
        .UseYamlFrontMatter()
        .UsePipeTables()
        .UseGridTables())
        .Build();

    /// <summary>
    /// The same pipeline without indented code blocks: an indented block that reads as prose (a paragraph or a list
    /// indented by mistake, common in converted policies) is read again with it, so its sentences are checked.
    /// </summary>
    private static MarkdownPipeline ProsePipeline { get; } = WithoutIndentedCode();

    private static MarkdownPipeline WithoutIndentedCode()
    {
        var builder = WithContainers(new MarkdownPipelineBuilder()
            .UsePreciseSourceLocation()
            .UsePipeTables()
            .UseGridTables());
        builder.BlockParsers.TryRemove<Markdig.Parsers.IndentedCodeBlockParser>();
        return builder.Build();
    }

    /// <summary>
    /// ":::note … :::" (the admonitions of Docusaurus, VitePress and Mintlify pages): a fenced container whose fence lines
    /// are not text, so the note's first sentence starts on its own line. Only the block parser: "::" inside a sentence
    /// stays text.
    /// </summary>
    private static MarkdownPipelineBuilder WithContainers(MarkdownPipelineBuilder builder)
    {
        builder.BlockParsers.AddIfNotAlready<Markdig.Extensions.CustomContainers.CustomContainerParser>();
        return builder;
    }

    public static PolicyDocument Parse(string text) => Parse(text, (ParseCache?)null);

    /// <summary>Parses the document, splitting sentences by <paramref name="splitter"/> (its language's abbreviations).</summary>
    public static PolicyDocument Parse(string text, SentenceSplitter splitter) => Parse(text, null, splitter);

    /// <summary>
    /// Parses the document; with a <paramref name="cache"/>, chunks whose text is unchanged since the previous version
    /// are not parsed again. A chunk ends where a heading at the start of a line (<c># …</c>) begins, and is parsed on
    /// its own together with that heading line: the chunk is kept only if Markdig reads the line as a heading of the
    /// document (no open code fence, HTML block or list swallowed it), and after such a heading Markdig's state is the
    /// same as at the start of a document, so the chunks read alone give the model a whole parse gives. Documents
    /// with link reference definitions (which reach across chunks) and broken front matter are parsed whole.
    /// </summary>
    internal static PolicyDocument Parse(string text, ParseCache? cache, SentenceSplitter? splitter = null)
    {
        var frontMatter = FrontMatter.Read(text, out var bodyStart);
        return Parse(text, cache, splitter, frontMatter, bodyStart);
    }

    /// <summary>Parses the document whose front matter has been read (the language it declares chooses the splitter).</summary>
    internal static PolicyDocument Parse(string text, ParseCache? cache, SentenceSplitter? splitter, FrontMatter frontMatter, int bodyStart)
    {
        splitter ??= SentenceSplitter.English;
        var source = new SourceText(text);
        var reading = cache?.Begin(text, splitter);
        var chunks = reading is null ? null : Chunked(text, bodyStart, reading, cache!.MinChunkLength);

        // Parsed whole: still one chunk of the cache, so an unchanged document is not parsed again and a changed one
        // takes over what analyses found in its unchanged paragraphs.
        chunks ??= [(0, reading?.GetOrParse(0, text.Length, text.Length) ?? ChunkReader.Read(source, text.Length, splitter))];
        var assembler = new ModelAssembler(source, chunks);
        foreach (var (offset, chunk) in chunks)
        {
            assembler.Add(chunk, offset);
        }

        reading?.Commit();
        return assembler.Build(frontMatter);
    }

    /// <summary>The document's chunks and their offsets, or null when the document must be parsed whole.</summary>
    private static List<(int Offset, ParsedChunk Chunk)>? Chunked(string text, int bodyStart, ParseCache.Reading cache, int minChunkLength)
    {
        if (bodyStart == 0 && text.StartsWith("---", StringComparison.Ordinal))
        {
            // A front-matter fence that does not close: where Markdig's block ends is not ours to guess.
            return null;
        }

        var chunks = new List<(int, ParsedChunk)>();
        var start = 0;
        while (NextHeadingLine(text, Math.Max(start + minChunkLength, bodyStart)) is var next && next >= 0)
        {
            var lineEnd = text.IndexOf('\n', next);
            lineEnd = lineEnd < 0 ? text.Length : lineEnd + 1;
            var chunk = cache.GetOrParse(start, lineEnd - start, next - start);
            if (!chunk.Valid)
            {
                // The heading line was swallowed (a code fence, an HTML block): the rest is read as one chunk.
                break;
            }

            chunks.Add((start, chunk));
            start = next;
        }

        var last = cache.GetOrParse(start, text.Length - start, text.Length - start);
        chunks.Add((start, last));
        return chunks.Exists(c => c.Item2.HasLinkDefinitions) ? null : chunks;
    }

    /// <summary>Parses one chunk's text (see <see cref="ParseCache"/>).</summary>
    internal static ParsedChunk ReadChunk(string text, int length, SentenceSplitter splitter) => ChunkReader.Read(new SourceText(text), length, splitter);

    /// <summary>The start of the first line at or after <paramref name="from"/> that opens with an ATX heading marker.</summary>
    private static int NextHeadingLine(string text, int from)
    {
        for (var at = from - 1; at >= 0 && at < text.Length; at++)
        {
            at = text.IndexOf("\n#", at, StringComparison.Ordinal);
            if (at < 0)
            {
                return -1;
            }

            var line = at + 1;
            var hashes = 0;
            while (line + hashes < text.Length && text[line + hashes] == '#' && hashes < 7)
            {
                hashes++;
            }

            var after = line + hashes;
            if (hashes <= 6 && (after == text.Length || text[after] is ' ' or '\t' or '\r' or '\n'))
            {
                return line;
            }
        }

        return -1;
    }

    /// <summary>A chunk's text → its headings and blocks, with offsets from the chunk's start.</summary>
    private sealed class ChunkReader(SourceText source, SentenceSplitter splitter)
    {
        private readonly List<ChunkItem> _items = [];
        private readonly List<HtmlComment> _comments = [];
        private readonly Stack<Inline> _inlines = new();
        private readonly StringBuilder _text = new();

        // Characters that may be copied to read HTML blocks inside quotes or lists (see WithoutContainerMarkers).
        private int _maskBudget = 8_000_000;

        // The indented code blocks that read as prose, parsed again without indented code (see ReadProseBlocks), and
        // the first of its blocks not walked yet (code blocks are met in document order).
        private MarkdownDocument? _prose;
        private int _proseNext;
        private readonly List<TextSpan> _linkSpans = [];
        private readonly List<TextSpan> _codeSpans = [];

        /// <summary>
        /// Reads the first <paramref name="length"/> characters of the source; a longer source holds the heading line
        /// that begins the next chunk, which must parse as a heading of the document for the chunk to be valid.
        /// </summary>
        public static ParsedChunk Read(SourceText source, int length, SentenceSplitter splitter)
        {
            var text = source.Text;
            MarkdownDocument markdown;
            try
            {
                markdown = Markdown.Parse(NestingGuard.Flatten(text, MaxNesting), Pipeline);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Markdig's own depth limit (inline nesting): read the text as prose instead.
                markdown = Markdown.Parse(NestingGuard.Neutralise(text), Pipeline);
            }

            if (length < text.Length)
            {
                if (markdown.LastChild is not HeadingBlock next || next.Span.Start != length)
                {
                    return ParsedChunk.Invalid;
                }

                markdown.RemoveAt(markdown.Count - 1);
            }

            var reader = new ChunkReader(source, splitter);
            reader.ReadProseBlocks(markdown);
            reader.Walk(markdown);
            var definitions = markdown.Any(b => b is LinkReferenceDefinitionGroup { Links.Count: > 0 });
            return new ParsedChunk(reader._items, reader._comments, definitions);
        }

        private void Walk(MarkdownDocument document)
        {
            var stack = new Stack<(Markdig.Syntax.Block Block, BlockKind Kind, int QuoteDepth)>();
            PushChildren(stack, document, BlockKind.Paragraph, 0);
            while (stack.Count > 0)
            {
                var (block, kind, quoteDepth) = stack.Pop();
                switch (block)
                {
                    case HtmlBlock html:
                        ReadHtmlComments(html);
                        ReadHtmlText(html, quoteDepth);
                        break;
                    case CodeBlock code when code is not FencedCodeBlock && _prose is not null:
                        PushProseOf(stack, code, kind, quoteDepth);
                        break;
                    case YamlFrontMatterBlock:
                    case CodeBlock:
                        break;
                    case HeadingBlock heading:
                        var (title, _) = InlineText(heading.Inline, null);
                        var span = new TextSpan(heading.Span.Start, Math.Min(source.Length, heading.Span.End + 1));
                        _items.Add(new HeadingItem(title.Trim(), heading.Level, span));
                        break;
                    case ParagraphBlock paragraph:
                        AddBlock(paragraph, kind, quoteDepth);
                        break;
                    case QuoteBlock quote:
                        PushChildren(stack, quote, BlockKind.Quote, quoteDepth + 1);
                        break;
                    case ListItemBlock item:
                        PushChildren(stack, item, kind == BlockKind.Quote ? BlockKind.Quote : BlockKind.ListItem, quoteDepth);
                        break;
                    case TableCell cell:
                        PushChildren(stack, cell, BlockKind.TableCell, quoteDepth);
                        break;
                    case ContainerBlock container:
                        PushChildren(stack, container, kind, quoteDepth);
                        break;
                }
            }
        }

        /// <summary>
        /// The indented code blocks whose lines read as prose, parsed again as Markdown without indented code blocks, all
        /// at once: over one copy of the source in which everything outside them is blanked (line breaks kept), so offsets
        /// stay those of the source and blocks stay apart. Fenced code and code that reads as code stay unread.
        /// </summary>
        private void ReadProseBlocks(MarkdownDocument markdown)
        {
            char[]? copy = null;
            foreach (var code in markdown.Descendants<CodeBlock>())
            {
                var start = Math.Min(source.Length, code.Span.Start);
                var end = Math.Min(source.Length, code.Span.End + 1);
                if (code is FencedCodeBlock || end <= start || !LooksLikeProse(source.Text.AsSpan(start, end - start)))
                {
                    continue;
                }

                if (copy is null)
                {
                    if (source.Length > _maskBudget)
                    {
                        return;
                    }

                    _maskBudget -= source.Length;
                    copy = new char[source.Length];
                    for (var i = 0; i < copy.Length; i++)
                    {
                        copy[i] = source.Text[i] is '\n' or '\r' ? source.Text[i] : ' ';
                    }
                }

                source.Text.AsSpan(start, end - start).CopyTo(copy.AsSpan(start));
            }

            if (copy is null)
            {
                return;
            }

            try
            {
                _prose = Markdown.Parse(NestingGuard.Flatten(new string(copy), MaxNesting), ProsePipeline);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Markdig's own depth limit, as for the whole document: the blocks stay unread.
                _prose = null;
            }
        }

        /// <summary>The blocks the prose reading found inside <paramref name="code"/>, to be walked in its place.</summary>
        private void PushProseOf(Stack<(Markdig.Syntax.Block, BlockKind, int)> stack, CodeBlock code, BlockKind kind, int quoteDepth)
        {
            var prose = _prose!;
            while (_proseNext < prose.Count && prose[_proseNext].Span.Start < code.Span.Start)
            {
                _proseNext++;
            }

            var first = _proseNext;
            while (_proseNext < prose.Count && prose[_proseNext].Span.Start <= code.Span.End)
            {
                _proseNext++;
            }

            for (var i = _proseNext - 1; i >= first; i--)
            {
                stack.Push((prose[i], kind, quoteDepth));
            }
        }

        /// <summary>
        /// Prose, not code: at least eight words, letters for most of the characters, hardly any of the symbols code is
        /// made of, and a sentence that ends (a line ending in a stop, a colon or a bracket, or a full stop before more words).
        /// </summary>
        private static bool LooksLikeProse(ReadOnlySpan<char> text)
        {
            int letters = 0, visible = 0, symbols = 0, words = 0;
            var inWord = false;
            foreach (var c in text)
            {
                if (char.IsWhiteSpace(c))
                {
                    inWord = false;
                    continue;
                }

                visible++;
                if (char.IsLetter(c))
                {
                    letters++;
                    if (!inWord)
                    {
                        words++;
                    }

                    inWord = true;
                }
                else if (c is '{' or '}' or '=' or '<' or '>' or '$' or '`' or '|' or '\\')
                {
                    symbols++;
                }
            }

            return words >= 8 && letters >= visible * 3 / 4 && symbols * 25 <= visible && EndsASentence(text);
        }

        private static bool EndsASentence(ReadOnlySpan<char> text)
        {
            foreach (var line in text.EnumerateLines())
            {
                var trimmed = line.TrimEnd();
                if (trimmed.Length > 0 && trimmed[^1] is '.' or ':' or ';' or '?' or '!' or ')')
                {
                    return true;
                }
            }

            // A sentence followed by more on its line (another sentence, a comment).
            return text.Contains(". ", StringComparison.Ordinal);
        }

        private static void PushChildren(
            Stack<(Markdig.Syntax.Block, BlockKind, int)> stack, ContainerBlock container, BlockKind kind, int quoteDepth)
        {
            for (var i = container.Count - 1; i >= 0; i--)
            {
                stack.Push((container[i], kind, quoteDepth));
            }
        }

        private void AddBlock(ParagraphBlock paragraph, BlockKind kind, int quoteDepth)
        {
            var map = new OffsetMap();
            var (text, links) = InlineText(paragraph.Inline, map);
            if (string.IsNullOrWhiteSpace(text))
            {
                return;
            }

            var blockSpan = new TextSpan(paragraph.Span.Start, Math.Min(source.Length, paragraph.Span.End + 1));
            AddBlock(kind, quoteDepth, text, map, blockSpan, links, _linkSpans, _codeSpans);
        }

        /// <summary>The prose of a raw HTML block (table cells, paragraphs, list items), each element its own block.</summary>
        private void ReadHtmlText(HtmlBlock html, int quoteDepth)
        {
            var start = Math.Min(source.Length, html.Span.Start);
            var end = Math.Min(source.Length, html.Span.End + 1);
            foreach (var element in HtmlBlockReader.Read(WithoutContainerMarkers(html, start, end), start, end))
            {
                var kind = quoteDepth > 0 ? BlockKind.Quote : element.Kind;
                AddBlock(kind, quoteDepth, element.Text, element.Map, element.Span, element.LinkTargets, element.LinkSpans, []);
            }
        }

        /// <summary>
        /// The source with the quote markers and list indentation in front of an HTML block's lines blanked, so
        /// "&gt; &lt;div&gt;…" reads as the div's prose; offsets stay those of the source. A copy up to the block's end
        /// is made only for a block inside a container, within a per-document budget (beyond it the markers are read
        /// as text, which costs a finding's position, not the finding).
        /// </summary>
        private string WithoutContainerMarkers(HtmlBlock html, int start, int end)
        {
            var marked = false;
            var lines = html.Lines;
            for (var n = 0; n < lines.Count; n++)
            {
                var at = lines.Lines[n].Slice.Start;
                if (at > start && at <= end && source.LineStart(source.GetPosition(at).Line) < at)
                {
                    marked = true;
                    break;
                }
            }

            if (!marked || end > _maskBudget)
            {
                return source.Text;
            }

            _maskBudget -= end;
            var copy = source.Text.ToCharArray(0, end);
            for (var n = 0; n < lines.Count; n++)
            {
                var at = Math.Min(lines.Lines[n].Slice.Start, end);
                for (var i = Math.Max(start, source.LineStart(source.GetPosition(at).Line)); i < at; i++)
                {
                    copy[i] = ' ';
                }
            }

            return new string(copy);
        }

        private void AddBlock(
            BlockKind kind, int quoteDepth, string text, OffsetMap map, TextSpan blockSpan, List<string> links, List<TextSpan> linkSpans, List<TextSpan> codeSpans)
        {
            var sentences = new List<SentenceItem>();
            foreach (var (start, end) in splitter.Split(text))
            {
                var sourceStart = map.ToSource(start);
                var sourceEnd = Math.Max(sourceStart, map.ToSourceEnd(end));
                var span = new TextSpan(sourceStart, sourceEnd);

                // Markdig can give inline spans outside their block (a broken grid table re-read as a paragraph): a
                // sentence never reaches outside the block it belongs to.
                var clampedStart = Math.Clamp(span.Start, blockSpan.Start, blockSpan.End);
                var clamped = new TextSpan(clampedStart, Math.Clamp(span.End, clampedStart, blockSpan.End));
                sentences.Add(new SentenceItem(
                    start, end, clamped, text[start..end], linkSpans.Exists(l => l.Overlaps(span)), codeSpans.Exists(c => c.Overlaps(span))));
            }

            _items.Add(new BlockItem(kind, quoteDepth, text, map, blockSpan, links, [.. linkSpans], codeSpans.Count > 0, [.. sentences]));
        }

        private (string Text, List<string> Links) InlineText(ContainerInline? root, OffsetMap? map)
        {
            var text = _text.Clear();
            var links = new List<string>();
            _linkSpans.Clear();
            _codeSpans.Clear();
            if (root is null)
            {
                return (string.Empty, links);
            }

            var lineStart = 0;
            var stack = _inlines;
            stack.Clear();
            for (var child = root.LastChild; child is not null; child = child.PreviousSibling)
            {
                stack.Push(child);
            }

            while (stack.Count > 0)
            {
                var inline = stack.Pop();
                switch (inline)
                {
                    case LiteralInline literal:
                        Append(text, map, literal.Content.ToString(), literal.Span);
                        break;
                    case CodeInline code:
                        _codeSpans.Add(SpanOf(code.Span));
                        Append(text, map, code.Content, code.Span);
                        break;
                    case HtmlEntityInline entity:
                        Append(text, map, entity.Transcoded.ToString(), entity.Span);
                        break;
                    case AutolinkInline autolink:
                        links.Add(autolink.Url);
                        _linkSpans.Add(SpanOf(autolink.Span));
                        Append(text, map, autolink.Url, autolink.Span);
                        break;
                    case LineBreakInline lineBreak:
                        // A hard break, a line that is only a Liquid tag, or a break before a line that opens with a bold
                        // label ("**Analytics cookies**: …") ends a sentence; another soft break is a space.
                        var lineText = text.ToString(lineStart, text.Length - lineStart).Trim();
                        var ends = lineBreak.IsHard || IsTemplateTag(lineText) || OpensWithBoldLabel(lineBreak.NextSibling);
                        Append(text, map, ends ? "\n" : " ", lineBreak.Span);
                        lineStart = text.Length;
                        break;
                    case HtmlInline html:
                        if (html.Tag.StartsWith("<!--", StringComparison.Ordinal))
                        {
                            _comments.Add(new HtmlComment(html.Tag, new TextSpan(html.Span.Start, html.Span.End + 1)));
                        }

                        break;
                    case ContainerInline container:
                        if (container is LinkInline { IsImage: false, Url: { } url })
                        {
                            links.Add(url);
                            _linkSpans.Add(SpanOf(container.Span));
                        }

                        for (var child = container.LastChild; child is not null; child = child.PreviousSibling)
                        {
                            stack.Push(child);
                        }

                        break;
                }
            }

            return (text.ToString(), links);
        }

        private TextSpan SpanOf(Markdig.Syntax.SourceSpan span) =>
            new(Math.Min(source.Length, span.Start), Math.Min(source.Length, Math.Max(span.Start, span.End + 1)));

        /// <summary>
        /// "**Marketing data**: until you opt out", "**Analytics:** …": the inline is bold text that ends in a colon, or is
        /// followed by one.
        /// </summary>
        private static bool OpensWithBoldLabel(Inline? inline)
        {
            if (inline is not EmphasisInline { DelimiterCount: 2 } bold)
            {
                return false;
            }

            return (bold.LastChild is LiteralInline inside && inside.Content.AsSpan().TrimEnd().EndsWith(':'))
                || (bold.NextSibling is LiteralInline after && after.Content.AsSpan().StartsWith(':'));
        }

        private static bool IsTemplateTag(string line) =>
            (line.StartsWith("{%", StringComparison.Ordinal) && line.EndsWith("%}", StringComparison.Ordinal))
            || (line.StartsWith("{{", StringComparison.Ordinal) && line.EndsWith("}}", StringComparison.Ordinal));

        private static void Append(StringBuilder text, OffsetMap? map, string content, Markdig.Syntax.SourceSpan span)
        {
            if (content.Length == 0)
            {
                return;
            }

            map?.Add(text.Length, span.Start, content.Length, Math.Max(0, span.Length));
            text.Append(content);
        }

        private void ReadHtmlComments(HtmlBlock html)
        {
            var start = html.Span.Start;
            var end = Math.Min(source.Length, html.Span.End + 1);
            var raw = source.Text.AsSpan(start, Math.Max(0, end - start));
            var pos = 0;
            while (pos < raw.Length)
            {
                var open = raw[pos..].IndexOf("<!--", StringComparison.Ordinal);
                if (open < 0)
                {
                    break;
                }

                open += pos;
                var close = raw[(open + 4)..].IndexOf("-->", StringComparison.Ordinal);
                var stop = close < 0 ? raw.Length : open + 4 + close + 3;
                _comments.Add(new HtmlComment(raw[open..stop].ToString(), new TextSpan(start + open, start + stop)));
                pos = stop;
            }
        }
    }

    /// <summary>Chunks → the policy model: sections nest across chunks, offsets move to where each chunk starts.</summary>
    private sealed class ModelAssembler
    {
        private readonly SourceText _source;
        private readonly List<Section> _sections;
        private readonly List<Block> _blocks;
        private readonly List<Sentence> _sentences;
        private readonly List<HtmlComment> _comments = [];
        private readonly Stack<Section> _open = new();
        private readonly Section _root = new(0, string.Empty, 0, new TextSpan(0, 0), null);

        public ModelAssembler(SourceText source, List<(int Offset, ParsedChunk Chunk)> chunks)
        {
            // The model's lists sized once: a large document's lists are large objects, and growing them is garbage.
            var (headings, blocks, sentences) = (1, 0, 0);
            foreach (var (_, chunk) in chunks)
            {
                headings += chunk.Counts.Headings;
                blocks += chunk.Counts.Blocks;
                sentences += chunk.Counts.Sentences;
            }

            _source = source;
            _sections = new List<Section>(headings);
            _blocks = new List<Block>(blocks);
            _sentences = new List<Sentence>(sentences);
            _sections.Add(_root);
            _open.Push(_root);
        }

        private Section Current => _open.Peek();

        public void Add(ParsedChunk chunk, int offset)
        {
            foreach (var item in chunk.Items)
            {
                switch (item)
                {
                    case HeadingItem heading:
                        OpenSection(heading, offset);
                        break;
                    case BlockItem block:
                        AddBlock(block, offset);
                        break;
                }
            }

            foreach (var comment in chunk.Comments)
            {
                _comments.Add(comment with { Span = comment.Span.Shift(offset) });
            }
        }

        public PolicyDocument Build(FrontMatter frontMatter)
        {
            CloseSectionSpans();
            return new PolicyDocument(_source, frontMatter, _root, _sections, _blocks, _sentences, _comments);
        }

        private void OpenSection(HeadingItem heading, int offset)
        {
            while (_open.Count > 1 && _open.Peek().Level >= heading.Level)
            {
                _open.Pop();
            }

            var section = new Section(_sections.Count, heading.Title, heading.Level, heading.Span.Shift(offset), Current, heading);
            Current.AddChild(section);
            _sections.Add(section);
            _open.Push(section);
        }

        private void AddBlock(BlockItem item, int offset)
        {
            var linkSpans = item.LinkSpans;
            if (offset != 0 && linkSpans.Length > 0)
            {
                linkSpans = Array.ConvertAll(linkSpans, l => l.Shift(offset));
            }

            var block = new Block(_blocks.Count, Current, item, item.Map.Shifted(offset), item.Span.Shift(offset), linkSpans);
            Current.AddBlock(block);
            _blocks.Add(block);
            foreach (var s in item.Sentences)
            {
                var sentence = new Sentence(_sentences.Count, block, s, s.Span.Shift(offset));
                block.AddSentence(sentence);
                _sentences.Add(sentence);
            }
        }

        private void CloseSectionSpans()
        {
            // A section ends where the next heading of the same or a higher level begins.
            var open = new Stack<Section>();
            foreach (var section in _sections)
            {
                if (section.Level == 0)
                {
                    open.Push(section);
                    continue;
                }

                while (open.Count > 0 && open.Peek().Level >= section.Level)
                {
                    var closed = open.Pop();
                    closed.Span = new TextSpan(closed.HeadingSpan.Start, section.HeadingSpan.Start);
                }

                open.Push(section);
            }

            while (open.Count > 0)
            {
                var closed = open.Pop();
                closed.Span = new TextSpan(closed.HeadingSpan.Start, _source.Length);
            }
        }
    }
}
