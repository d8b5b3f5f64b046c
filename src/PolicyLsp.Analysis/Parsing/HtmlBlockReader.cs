using System.Net;
using System.Text;
using PolicyLsp.Analysis.Text;

namespace PolicyLsp.Analysis.Parsing;

/// <summary>One paragraph-like element of a raw HTML block: its text, where each character came from, and its links.</summary>
internal sealed record HtmlTextBlock(BlockKind Kind, string Text, OffsetMap Map, TextSpan Span, List<string> LinkTargets, List<TextSpan> LinkSpans);

/// <summary>
/// Reads the prose of a raw HTML block (a <c>&lt;table&gt;</c> of lawful bases, a <c>&lt;div&gt;</c> of notices): tags
/// dropped, entities decoded, whitespace collapsed, each cell, paragraph or list item its own block. One forward pass
/// with no backtracking, so malformed or huge HTML costs time in proportion to its length; script and style content
/// and comments are skipped (comments are collected separately, for suppressions).
/// </summary>
internal static class HtmlBlockReader
{
    private const int MaxEntityLength = 32;
    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");
    private static readonly System.Buffers.SearchValues<char> AsciiLettersAndDigits =
        System.Buffers.SearchValues.Create("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    public static List<HtmlTextBlock> Read(string source, int start, int end)
    {
        var reader = new State(source, start);
        var pos = start;
        while (pos < end)
        {
            var c = source[pos];
            if (c == '<')
            {
                pos = reader.Markup(pos, end);
            }
            else if (c == '&')
            {
                pos = reader.Entity(pos, end);
            }
            else
            {
                reader.Char(c, pos);
                pos++;
            }
        }

        reader.Flush(end);
        return reader.Blocks;
    }

    private sealed class State(string source, int start)
    {
        private readonly StringBuilder _text = new();
        private OffsetMap _map = new();
        private List<string> _targets = [];
        private List<TextSpan> _links = [];
        private int _blockStart = start;
        private int? _linkStart;
        private bool _pendingSpace;
        private BlockKind _kind = BlockKind.Paragraph;

        public List<HtmlTextBlock> Blocks { get; } = [];

        public void Char(char c, int at)
        {
            if (char.IsWhiteSpace(c))
            {
                _pendingSpace = _text.Length > 0;
                return;
            }

            Append(c.ToString(), at, 1);
        }

        /// <summary>A tag, comment or declaration at <paramref name="pos"/>; returns where the text resumes.</summary>
        public int Markup(int pos, int end)
        {
            if (source.AsSpan(pos, end - pos).StartsWith("<!--", StringComparison.Ordinal))
            {
                var close = source.AsSpan(pos + 4, end - pos - 4).IndexOf("-->", StringComparison.Ordinal);
                return close < 0 ? end : pos + 4 + close + 3;
            }

            var nameStart = pos + 1;
            var closing = nameStart < end && source[nameStart] == '/';
            if (closing)
            {
                nameStart++;
            }

            if (nameStart >= end || !(char.IsAsciiLetter(source[nameStart]) || (!closing && source[nameStart] is '!' or '?')))
            {
                // A bare "<" in prose ("a < b").
                Char('<', pos);
                return pos + 1;
            }

            var nameEnd = nameStart;
            while (nameEnd < end && (char.IsAsciiLetterOrDigit(source[nameEnd]) || source[nameEnd] == '-'))
            {
                nameEnd++;
            }

            var tagEnd = TagEnd(nameEnd, end);
            var name = source.AsSpan(nameStart, nameEnd - nameStart);
            if (!closing && (name.Equals("script", StringComparison.OrdinalIgnoreCase) || name.Equals("style", StringComparison.OrdinalIgnoreCase)))
            {
                Flush(pos);
                var close = IndexOfIgnoreCase(source.AsSpan(tagEnd, end - tagEnd), closingTag: name);
                var resume = close < 0 ? end : TagEnd(tagEnd + close + 2, end);
                _blockStart = resume;
                return resume;
            }

            if (IsBlockElement(name))
            {
                Flush(pos);
                _kind = closing ? BlockKind.Paragraph : KindOf(name);
                _blockStart = tagEnd;
            }
            else if (name.Equals("br", StringComparison.OrdinalIgnoreCase))
            {
                // A line break ends a sentence, as a hard break does in Markdown.
                if (_text.Length > 0)
                {
                    _map.Add(_text.Length, pos, 1, tagEnd - pos);
                    _text.Append('\n');
                    _pendingSpace = false;
                }
            }
            else if (name.Equals("a", StringComparison.OrdinalIgnoreCase))
            {
                if (!closing)
                {
                    _linkStart = pos;
                    if (Href(pos, tagEnd) is { } href)
                    {
                        _targets.Add(href);
                    }
                }
                else if (_linkStart is { } linkStart)
                {
                    _links.Add(new TextSpan(linkStart, tagEnd));
                    _linkStart = null;
                }
            }

            return tagEnd;
        }

        /// <summary>An entity at <paramref name="pos"/> ("&amp;amp;", "&amp;#8217;"), decoded; a lone "&amp;" is text.</summary>
        public int Entity(int pos, int end)
        {
            var limit = Math.Min(end, pos + MaxEntityLength);
            var semicolon = source.AsSpan(pos, limit - pos).IndexOf(';');
            if (semicolon > 1 && IsEntityName(source.AsSpan(pos + 1, semicolon - 1)))
            {
                var raw = source.Substring(pos, semicolon + 1);
                var decoded = WebUtility.HtmlDecode(raw);
                if (decoded != raw)
                {
                    if (decoded.Length == 1 && char.IsWhiteSpace(decoded[0]))
                    {
                        _pendingSpace = _text.Length > 0;
                    }
                    else
                    {
                        Append(decoded, pos, semicolon + 1);
                    }

                    return pos + semicolon + 1;
                }
            }

            Append("&", pos, 1);
            return pos + 1;
        }

        /// <summary>"amp", "#8217", "#x2019": only a name or a number, so "&amp;x&lt;b&gt;…;" never swallows a tag or a cell.</summary>
        private static bool IsEntityName(ReadOnlySpan<char> name) =>
            name[0] == '#'
                ? name.Length > 1 && (name[1] is 'x' or 'X' ? name.Length > 2 && !name[2..].ContainsAnyExcept(HexDigits) : !name[1..].ContainsAnyExceptInRange('0', '9'))
                : !name.ContainsAnyExcept(AsciiLettersAndDigits);

        public void Flush(int at)
        {
            if (_linkStart is { } linkStart)
            {
                // A link left open at a cell's end covers the rest of the cell.
                _links.Add(new TextSpan(linkStart, at));
                _linkStart = at;
            }

            var text = _text.ToString();
            if (!string.IsNullOrWhiteSpace(text))
            {
                Blocks.Add(new HtmlTextBlock(_kind, text, _map, new TextSpan(_blockStart, at), _targets, _links));
            }

            _text.Clear();
            _map = new OffsetMap();
            _targets = [];
            _links = [];
            _pendingSpace = false;
        }

        private void Append(string content, int at, int sourceLength)
        {
            if (_pendingSpace)
            {
                // The collapsed whitespace maps onto the source character just before this text.
                _map.Add(_text.Length, Math.Max(0, at - 1), 1, 1);
                _text.Append(' ');
                _pendingSpace = false;
            }

            _map.Add(_text.Length, at, content.Length, sourceLength);
            _text.Append(content);
        }

        /// <summary>The position after the tag's closing "&gt;", skipping quoted attribute values.</summary>
        private int TagEnd(int pos, int end)
        {
            char quote = '\0';
            for (var i = pos; i < end; i++)
            {
                var c = source[i];
                if (quote != '\0')
                {
                    if (c == quote)
                    {
                        quote = '\0';
                    }
                }
                else if (c is '"' or '\'')
                {
                    quote = c;
                }
                else if (c == '>')
                {
                    return i + 1;
                }
            }

            return end;
        }

        private string? Href(int tagStart, int tagEnd)
        {
            var tag = source.AsSpan(tagStart, tagEnd - tagStart);
            var at = tag.IndexOf("href=", StringComparison.OrdinalIgnoreCase);
            if (at < 0 || at + 5 >= tag.Length)
            {
                return null;
            }

            var value = tag[(at + 5)..];
            if (value[0] is '"' or '\'')
            {
                var close = value[1..].IndexOf(value[0]);
                return close < 0 ? null : WebUtility.HtmlDecode(value.Slice(1, close).ToString());
            }

            var stop = value.IndexOfAny(' ', '>');
            return (stop < 0 ? value : value[..stop]).ToString();
        }

        private static int IndexOfIgnoreCase(ReadOnlySpan<char> text, ReadOnlySpan<char> closingTag)
        {
            var from = 0;
            while (from < text.Length)
            {
                var lt = text[from..].IndexOf("</", StringComparison.Ordinal);
                if (lt < 0)
                {
                    return -1;
                }

                lt += from;
                var rest = text[(lt + 2)..];
                if (rest.StartsWith(closingTag, StringComparison.OrdinalIgnoreCase))
                {
                    return lt;
                }

                from = lt + 2;
            }

            return -1;
        }
    }

    private static bool IsBlockElement(ReadOnlySpan<char> name) =>
        name.Length > 0 && BlockElements.Contains(name.ToString().ToLowerInvariant());

    private static BlockKind KindOf(ReadOnlySpan<char> name) =>
        name.Equals("td", StringComparison.OrdinalIgnoreCase) || name.Equals("th", StringComparison.OrdinalIgnoreCase) ? BlockKind.TableCell
        : name.Equals("li", StringComparison.OrdinalIgnoreCase) || name.Equals("dd", StringComparison.OrdinalIgnoreCase) ? BlockKind.ListItem
        : BlockKind.Paragraph;

    private static readonly HashSet<string> BlockElements = new(StringComparer.Ordinal)
    {
        "p", "div", "td", "th", "tr", "table", "thead", "tbody", "tfoot", "caption", "li", "ul", "ol", "dl", "dt", "dd",
        "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "aside", "header", "footer", "nav", "blockquote",
        "details", "summary", "figure", "figcaption", "pre", "hr", "main", "address", "form", "fieldset",
    };
}
