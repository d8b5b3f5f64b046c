using CsCheck;
using PolicyLsp.Server;
using Range = PolicyLsp.Server.Range;

namespace PolicyLsp.Tests.Properties;

/// <summary>A batch of changes applied in one pass gives exactly the text of applying them one at a time.</summary>
public sealed class BatchEditProperties
{
    // Lone CR, lone surrogates and CR LF pairs that edits can join or split: where chunk boundaries could go wrong.
    private static readonly string[] Tokens = ["a", "b", " ", "\r\n", "\n", "\r", "😀", "\ud83d", "\ude00", "個人", "é", "#"];

    private static readonly Gen<string> TextGen =
        Gen.Int[0, Tokens.Length - 1].Array[0, 60].Select(picks => string.Concat(picks.Select(i => Tokens[i])));

    private static readonly Gen<Position> PositionGen = Gen.Frequency(
        (8, Gen.Select(Gen.Int[0, 12], Gen.Int[0, 20], (line, character) => new Position(line, character))),
        (1, Gen.Select(Gen.Int[-3, 40], Gen.Int[-3, 200], (line, character) => new Position(line, character))),
        (1, Gen.Select(Gen.Int, Gen.Int, (line, character) => new Position(line, character))));

    private static readonly Gen<TextDocumentContentChangeEvent> ChangeGen = Gen.Frequency(
        (20, Gen.Select(PositionGen, PositionGen, TextGen.Where(t => t.Length < 12), (start, end, text) => new TextDocumentContentChangeEvent(new Range(start, end), text))),
        (1, TextGen.Select(text => new TextDocumentContentChangeEvent(null, text))));

    [Theory]
    [InlineData(PositionEncodingKind.Utf16)]
    [InlineData(PositionEncodingKind.Utf8)]
    public void A_batch_applied_in_one_pass_matches_sequential_application(string encoding)
    {
        Gen.Select(TextGen, ChangeGen.Array[1, 30], Gen.Int[1, 12]).ForAll(
            scenario =>
            {
                var (text, changes, chunkSize) = scenario;
                var expected = changes.Aggregate(text, (current, change) => DocumentStore.Apply(current, change, encoding));
                Assert.Equal(expected, DocumentStore.ApplyBatch(text, changes, encoding, chunkSize));
            },
            iter: 2000);
    }
}
