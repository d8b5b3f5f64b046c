using PolicyLsp.Fuzz;
using PolicyLsp.Server;

namespace PolicyLsp.Tests.Fuzz;

/// <summary>
/// Replays the inputs kept under Fuzz/Regressions through the fuzz targets themselves (scripts/fuzz.sh): crashes and
/// hangs afl-fuzz found, minimised, plus hand-written hostile inputs. Each must run without an exception, in bounded time.
/// </summary>
public sealed class FuzzRegressionTests
{
    /// <summary>A few hundred bytes take milliseconds; this bound only catches blow-ups, even on a loaded CI machine.</summary>
    private static readonly TimeSpan DocumentLimit = TimeSpan.FromSeconds(5);

    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fuzz", "Regressions");

    public static TheoryData<string> DocumentInputs => Inputs("document");

    public static TheoryData<string> MessageInputs => Inputs("message");

    [Theory]
    [MemberData(nameof(DocumentInputs))]
    public void Document_input_is_analysed_without_an_exception_in_bounded_time(string name) =>
        RunBounded(DocumentTarget.Run, Path.Combine("document", name), DocumentLimit);

    [Theory]
    [MemberData(nameof(MessageInputs))]
    public void Message_input_is_read_by_a_server_session_that_ends_cleanly(string name) =>
        RunBounded(MessageTarget.Run, Path.Combine("message", name), MessageTarget.SessionLimit * 2);

    [Fact]
    public void The_regression_folders_hold_inputs() =>
        Assert.All(new[] { DocumentInputs, MessageInputs }, inputs => Assert.True(inputs.Count >= 2));

    [Fact]
    public void A_header_that_never_ends_is_refused_and_the_session_ends() =>
        MessageTarget.Run([.. Enumerable.Repeat((byte)'A', 3 * LspMessageHandler.MaxHeaderBytes)]);

    [Theory]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":\"", "\",\"method\":\"shutdown\"}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"method\":\"", "\"}")]
    [InlineData("{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":{\"text\":\"", "\"}}")]
    public void A_body_with_invalid_utf8_in_a_string_is_a_parse_error(string before, string after)
    {
        // Found by the message target: JsonDocument accepted such a body, and reading the string then threw.
        byte[] body = [.. System.Text.Encoding.ASCII.GetBytes(before), 0xFF, .. System.Text.Encoding.ASCII.GetBytes(after)];
        Assert.Equal(LspErrorCodes.ParseError, IncomingMessage.Read(body, new System.Text.Json.JsonSerializerOptions()).Refusal?.Code);
    }

    [Fact]
    public void Binary_and_invalid_utf8_documents_are_refused_not_thrown() =>
        Assert.All(new byte[][] { [0, 1, 2], [0xC3, 0x28], [0xEF, 0xBB, 0xBF], [] }, DocumentTarget.Run);

    private static TheoryData<string> Inputs(string folder)
    {
        var data = new TheoryData<string>();
        var dir = Path.Combine(Root, folder);
        if (Directory.Exists(dir))
        {
            foreach (var file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(file));
            }
        }

        return data;
    }

    private static void RunBounded(Action<byte[]> target, string relativePath, TimeSpan limit)
    {
        var input = File.ReadAllBytes(Path.Combine(Root, relativePath));
        var run = Task.Run(() => target(input));
        Assert.True(run.Wait(limit), $"{relativePath} ran longer than {limit.TotalSeconds} s");
    }
}
