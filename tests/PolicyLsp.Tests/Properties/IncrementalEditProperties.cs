using System.Text;
using CsCheck;
using PolicyLsp.Server;
using Range = PolicyLsp.Server.Range;

namespace PolicyLsp.Tests.Properties;

/// <summary>Incremental edits applied by the server agree with a reference model working on string offsets.</summary>
public sealed class IncrementalEditProperties
{
    private static readonly string[] Tokens = ["a", "b", "Z", " ", ".", "\r\n", "\n", "😀", "👍🏽", "個人データ", "é", "#"];

    private static readonly Gen<string> TextGen =
        Gen.Int[0, Tokens.Length - 1].Array[0, 40].Select(picks => string.Concat(picks.Select(i => Tokens[i])));

    private static readonly Gen<string> InsertGen =
        Gen.Int[0, Tokens.Length - 1].Array[0, 5].Select(picks => string.Concat(picks.Select(i => Tokens[i])));

    private static readonly Gen<(int Start, int Length, string Insert)> EditGen =
        Gen.Select(Gen.Int[0, 1_000_000], Gen.Int[0, 1_000_000], InsertGen);

    private static readonly Gen<(string Text, (int Start, int Length, string Insert)[] Edits)> ScenarioGen =
        Gen.Select(TextGen, EditGen.Array[1, 12]);

    [Theory]
    [InlineData(PositionEncodingKind.Utf16)]
    [InlineData(PositionEncodingKind.Utf8)]
    public void Edits_one_at_a_time_match_the_reference_model(string encoding)
    {
        ScenarioGen.ForAll(
            scenario =>
            {
                var store = new DocumentStore();
                const string uri = "file:///property.md";
                store.Open(uri, scenario.Text, 1);
                var expected = scenario.Text;
                var version = 1;
                foreach (var (startPick, lengthPick, insert) in scenario.Edits)
                {
                    var (change, next) = MakeEdit(expected, startPick, lengthPick, insert, encoding);
                    var updated = store.Change(uri, ++version, [change], encoding, out var rejection);
                    Assert.Null(rejection);
                    expected = next;
                    Assert.Equal(expected, updated!.Text);
                }
            },
            iter: 300);
    }

    [Theory]
    [InlineData(PositionEncodingKind.Utf16)]
    [InlineData(PositionEncodingKind.Utf8)]
    public void Edits_batched_in_one_didChange_match_the_reference_model(string encoding)
    {
        ScenarioGen.ForAll(
            scenario =>
            {
                var store = new DocumentStore();
                const string uri = "file:///batched.md";
                store.Open(uri, scenario.Text, 1);
                var expected = scenario.Text;
                var changes = new List<TextDocumentContentChangeEvent>();
                foreach (var (startPick, lengthPick, insert) in scenario.Edits)
                {
                    var (change, next) = MakeEdit(expected, startPick, lengthPick, insert, encoding);
                    changes.Add(change);
                    expected = next;
                }

                var updated = store.Change(uri, 2, changes, encoding, out _);
                Assert.Equal(expected, updated!.Text);
            },
            iter: 300);
    }

    [Theory]
    [InlineData(PositionEncodingKind.Utf16)]
    [InlineData(PositionEncodingKind.Utf8)]
    public void Positions_round_trip_through_the_mapper(string encoding)
    {
        TextGen.ForAll(
            text =>
            {
                var mapper = new PositionMapper(text, encoding);
                foreach (var offset in Boundaries(text))
                {
                    var position = ReferencePosition(text, offset, encoding);
                    Assert.Equal(position, mapper.ToPosition(offset));
                    Assert.Equal(offset, mapper.ToOffset(position));
                }
            },
            iter: 300);
    }

    [Theory]
    [InlineData(PositionEncodingKind.Utf16)]
    [InlineData(PositionEncodingKind.Utf8)]
    public void Out_of_range_positions_clamp_and_never_throw(string encoding)
    {
        Gen.Select(TextGen, Gen.Int, Gen.Int, Gen.Int, Gen.Int).ForAll(
            t =>
            {
                var (text, l1, c1, l2, c2) = t;
                var mapper = new PositionMapper(text, encoding);
                var start = mapper.ToOffset(new Position(l1, c1));
                Assert.InRange(start, 0, text.Length);
                var span = mapper.ToSpan(new Range(new Position(l1, c1), new Position(l2, c2)));
                Assert.True(0 <= span.Start && span.Start <= span.End && span.End <= text.Length);
                foreach (var offset in new[] { -5, 0, text.Length, text.Length + 7, int.MaxValue, int.MinValue })
                {
                    var position = mapper.ToPosition(Math.Clamp(offset, 0, text.Length));
                    Assert.True(position.Line >= 0 && position.Character >= 0);
                }

                var applied = DocumentStore.Apply(text, new TextDocumentContentChangeEvent(new Range(new Position(l1, c1), new Position(l2, c2)), "X"), encoding);
                Assert.Equal(text.Length - span.Length + 1, applied.Length);

                // Past the end of the text: the insertion goes at the end.
                var beyond = new Position(LineCount(text) + Math.Abs(l2 % 50), Math.Abs(c2 % 50));
                Assert.Equal(text + "!", DocumentStore.Apply(text, new TextDocumentContentChangeEvent(new Range(beyond, beyond), "!"), encoding));
            },
            iter: 300);
    }

    [Theory]
    [InlineData(PositionEncodingKind.Utf16)]
    [InlineData(PositionEncodingKind.Utf8)]
    public void A_character_of_int_MaxValue_on_a_later_line_clamps_to_the_line_end(string encoding)
    {
        const string text = "ab\r\n😀 個人データ\nlast";
        var mapper = new PositionMapper(text, encoding);
        Assert.Equal(text.IndexOf('\n', StringComparison.Ordinal) + 1 + "😀 個人データ".Length, mapper.ToOffset(new Position(1, int.MaxValue)));
        Assert.Equal(text.Length, mapper.ToOffset(new Position(2, int.MaxValue)));
        var span = mapper.ToSpan(new Range(new Position(2, 1), new Position(2, int.MaxValue)));
        Assert.Equal(text.Length, span.End);
    }

    private static (TextDocumentContentChangeEvent Change, string Next) MakeEdit(string text, int startPick, int lengthPick, string insert, string encoding)
    {
        var boundaries = Boundaries(text);
        var startIndex = startPick % boundaries.Count;
        var endIndex = startIndex + (lengthPick % Math.Min(6, boundaries.Count - startIndex));
        var start = boundaries[startIndex];
        var end = boundaries[endIndex];
        var range = new Range(ReferencePosition(text, start, encoding), ReferencePosition(text, end, encoding));
        var next = string.Concat(text.AsSpan(0, start), insert, text.AsSpan(end));
        return (new TextDocumentContentChangeEvent(range, insert), next);
    }

    /// <summary>Offsets an LSP client can address: not inside a surrogate pair, not between CR and LF.</summary>
    private static List<int> Boundaries(string text)
    {
        var result = new List<int>();
        for (var i = 0; i <= text.Length; i++)
        {
            if (i > 0 && i < text.Length && char.IsHighSurrogate(text[i - 1]) && char.IsLowSurrogate(text[i]))
            {
                continue;
            }

            if (i > 0 && i < text.Length && text[i - 1] == '\r' && text[i] == '\n')
            {
                continue;
            }

            result.Add(i);
        }

        return result;
    }

    private static int LineCount(string text) => LineStarts(text).Count;

    private static List<int> LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                starts.Add(i + 1);
            }
            else if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }

    /// <summary>Computed independently of the server: line by scanning breaks, character in code units or UTF-8 bytes.</summary>
    private static Position ReferencePosition(string text, int offset, string encoding)
    {
        var starts = LineStarts(text);
        var line = starts.FindLastIndex(s => s <= offset);
        var prefix = text.Substring(starts[line], offset - starts[line]);
        var character = encoding == PositionEncodingKind.Utf8 ? Encoding.UTF8.GetByteCount(prefix) : prefix.Length;
        return new Position(line, character);
    }
}
