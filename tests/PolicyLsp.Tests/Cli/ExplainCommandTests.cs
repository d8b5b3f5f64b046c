using PolicyLsp.Cli;

namespace PolicyLsp.Tests.Cli;

public sealed class ExplainCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("policylsp-explain-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Explain_and_check_agree_under_a_configuration()
    {
        File.WriteAllText(Path.Combine(_dir, ".policylsp.json"), "{ \"terms\": { \"ai.specificTerms\": [\"smart compose\"] } }");
        var policy = Path.Combine(_dir, "privacy.md");
        File.WriteAllText(policy, "# Privacy\n\nWe use your drafts to train Smart Compose.\n");

        var checkOut = new StringWriter();
        var code = await CheckCommand.RunAsync([policy], new StringReader(string.Empty), checkOut, new StringWriter());
        Assert.Equal(ExitCodes.Findings, code);
        Assert.Contains(":3:1: warning PL101", checkOut.ToString(), StringComparison.Ordinal);

        var explainOut = new StringWriter();
        Assert.Equal(ExitCodes.Clean, ExplainCommand.Run([policy, "3"], explainOut, new StringWriter()));
        Assert.Contains("ai.specificTerms: \"Smart Compose\"", explainOut.ToString(), StringComparison.Ordinal);
        Assert.Contains("=> AI-training clause", explainOut.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_follows_links_to_a_regional_notice_as_check_does()
    {
        File.WriteAllText(Path.Combine(_dir, "eu-notice.md"), "---\napplies_to: [EU, EEA, UK, CH]\n---\n# European notice\n\nWe do not use your posts to train AI models.\n");
        var policy = Path.Combine(_dir, "privacy.md");
        File.WriteAllText(policy, "# Privacy\n\nWe may use your posts to train our AI models, subject to our [European notice](eu-notice.md).\n");

        var explainOut = new StringWriter();
        Assert.Equal(ExitCodes.Clean, ExplainCommand.Run([policy, "3"], explainOut, new StringWriter()));
        Assert.Contains("carve-out found: [EU, EEA, UK, CH] missing: []", explainOut.ToString(), StringComparison.Ordinal);
    }
}
