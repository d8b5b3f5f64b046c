using PolicyLsp.Server;
using Range = PolicyLsp.Server.Range;

namespace PolicyLsp.Tests.Server;

public sealed class PositionMapperTests
{
    private const string Text = "a😀b\r\néx\rlast";

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(0, 1, 1)]
    [InlineData(0, 3, 3)]
    [InlineData(0, 4, 4)]
    [InlineData(0, 99, 4)]
    [InlineData(1, 1, 7)]
    [InlineData(2, 2, 11)]
    [InlineData(9, 0, 13)]
    public void Utf16_positions_map_to_offsets_and_clamp(int line, int character, int offset) =>
        Assert.Equal(offset, new PositionMapper(Text, PositionEncodingKind.Utf16).ToOffset(new Position(line, character)));

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(0, 1, 1)]
    [InlineData(0, 5, 3)]
    [InlineData(0, 6, 4)]
    [InlineData(1, 2, 7)]
    [InlineData(1, 3, 8)]
    [InlineData(1, 50, 8)]
    public void Utf8_positions_count_bytes(int line, int character, int offset)
    {
        var mapper = new PositionMapper(Text, PositionEncodingKind.Utf8);
        Assert.Equal(offset, mapper.ToOffset(new Position(line, character)));
        if (character < 50)
        {
            Assert.Equal(new Position(line, character), mapper.ToPosition(offset));
        }
    }

    [Fact]
    public void Incremental_edit_with_CRLF_and_surrogates()
    {
        var change = new TextDocumentContentChangeEvent(new Range(new Position(0, 3), new Position(1, 1)), "+");
        Assert.Equal("a😀+x\rlast", DocumentStore.Apply(Text, change, PositionEncodingKind.Utf16));
        var utf8 = new TextDocumentContentChangeEvent(new Range(new Position(0, 5), new Position(1, 2)), "+");
        Assert.Equal("a😀+x\rlast", DocumentStore.Apply(Text, utf8, PositionEncodingKind.Utf8));
    }
}
