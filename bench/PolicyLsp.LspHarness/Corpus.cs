using System.Text;

namespace PolicyLsp.LspHarness;

/// <summary>The real policies (every .md under the corpus folder except SOURCES.md and _licenses/), line endings normalised to \n.</summary>
public sealed class Corpus
{
    private Corpus(IReadOnlyList<(string RelativePath, string Text)> files) => Files = files;

    public IReadOnlyList<(string RelativePath, string Text)> Files { get; }

    public static Corpus Load(string root)
    {
        var files = Directory.EnumerateFiles(root, "*.md", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(rel => !rel.StartsWith("_licenses/", StringComparison.Ordinal) && rel != "SOURCES.md")
            .Order(StringComparer.Ordinal)
            .Select(rel => (rel, Normalize(File.ReadAllText(Path.Combine(root, rel)))))
            .ToList();
        if (files.Count == 0)
        {
            throw new InvalidOperationException($"no Markdown policies under {root}");
        }

        return new Corpus(files);
    }

    /// <summary>
    /// One document of about <paramref name="targetChars"/> characters: the policies concatenated in order (cycled if
    /// needed), each without its front matter, cut at the first blank line at or after the target.
    /// </summary>
    public string Build(int targetChars)
    {
        var text = new StringBuilder(targetChars + 16_384);
        for (var i = 0; text.Length < targetChars; i++)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.Append(StripFrontMatter(Files[i % Files.Count].Text).TrimEnd('\n')).Append('\n');
        }

        var all = text.ToString();
        var cut = all.IndexOf("\n\n", Math.Min(targetChars, all.Length), StringComparison.Ordinal);
        return cut < 0 ? all : all[..(cut + 1)];
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');

    private static string StripFrontMatter(string text)
    {
        if (!text.StartsWith("---", StringComparison.Ordinal))
        {
            return text;
        }

        var firstEnd = text.IndexOf('\n');
        if (firstEnd < 0 || text[..firstEnd].Trim() != "---")
        {
            return text;
        }

        var pos = firstEnd + 1;
        while (pos < text.Length)
        {
            var end = text.IndexOf('\n', pos);
            var line = end < 0 ? text[pos..] : text[pos..end];
            if (line.TrimEnd() is "---" or "...")
            {
                return end < 0 ? "" : text[(end + 1)..];
            }

            if (end < 0)
            {
                break;
            }

            pos = end + 1;
        }

        return text;
    }
}

/// <summary>
/// Typing-like edits: each inserts one letter at a random position strictly inside a random prose line (a paragraph
/// line outside code fences, starting with a letter), keeping a copy of the lines so positions stay valid.
/// </summary>
public sealed class TypingSession
{
    private const string Letters = "etaoinshrdlucmfwypvbgk etaoin";

    private readonly string[] _lines;
    private readonly int[] _proseLines;
    private readonly Random _random;

    public TypingSession(string text, int seed)
    {
        _lines = text.Split('\n');
        _random = new Random(seed);
        var prose = new List<int>();
        var inFence = false;
        for (var i = 0; i < _lines.Length; i++)
        {
            var trimmed = _lines[i].TrimStart();
            if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            if (!inFence && trimmed.Length >= 40 && char.IsLetter(trimmed[0]) && _lines[i].Length - trimmed.Length < 4)
            {
                prose.Add(i);
            }
        }

        if (prose.Count == 0)
        {
            throw new InvalidOperationException("the document has no prose line to type into");
        }

        _proseLines = [.. prose];
    }

    public int ProseLineCount => _proseLines.Length;

    /// <summary>The next insertion: line, UTF-16 column and the text inserted there.</summary>
    public (int Line, int Character, string Text) Next()
    {
        var line = _proseLines[_random.Next(_proseLines.Length)];
        var current = _lines[line];
        var indent = current.Length - current.TrimStart().Length;
        var column = indent + 1 + _random.Next(current.Length - indent - 1);
        if (column < current.Length && char.IsLowSurrogate(current[column]))
        {
            column--;
        }

        var inserted = Letters[_random.Next(Letters.Length)].ToString();
        _lines[line] = current.Insert(column, inserted);
        return (line, column, inserted);
    }
}
