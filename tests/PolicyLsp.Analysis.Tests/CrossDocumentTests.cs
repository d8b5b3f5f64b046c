namespace PolicyLsp.Analysis.Tests;

/// <summary>A clause that links to a regional notice gets its carve-out from there.</summary>
public sealed class CrossDocumentTests
{
    private const string Policy = "# Privacy Policy\n\n## AI\n\nWe may use your posts to train our AI models, subject to our [European Regional Privacy Notice](eu-notice.md#ai).\n";

    [Fact]
    public void Regional_version_linked_from_the_clause_counts_as_its_carve_out()
    {
        const string notice = "---\napplies_to: [EU, EEA, UK, CH]\n---\n# European Regional Privacy Notice\n\nWe do not use your posts to train AI models unless you opt in.\n";
        var result = PolicyAnalyzer.Analyze(Policy, linkedDocuments: target => target == "eu-notice.md#ai" ? new LinkedDocument("eu-notice.md", notice) : null);
        Assert.DoesNotContain(result.Findings, f => f.Code == "PL101");
    }

    [Fact]
    public void Regional_section_about_the_practice_in_the_linked_document_counts()
    {
        const string notice = "# Regional notices\n\n## Users in the EEA and Switzerland\n\nWe do not use your data to train AI models unless you opt in.\n";
        var result = PolicyAnalyzer.Analyze(Policy, linkedDocuments: _ => new LinkedDocument("eu-notice.md", notice));
        var finding = Assert.Single(result.Findings, f => f.Code == "PL101");
        Assert.Contains("United Kingdom", finding.Message);
        Assert.DoesNotContain("EEA,", finding.Message.Split("(found:")[0]);
        Assert.Contains(finding.Related, r => r.Uri == "eu-notice.md");
    }

    [Fact]
    public void Missing_or_unrelated_linked_documents_change_nothing()
    {
        var missing = PolicyAnalyzer.Analyze(Policy, linkedDocuments: _ => null);
        var unrelated = PolicyAnalyzer.Analyze(Policy, linkedDocuments: _ => new LinkedDocument("eu-notice.md", "# Cookies\n\nWe use cookies.\n"));
        Assert.Contains(missing.Findings, f => f.Code == "PL101");
        Assert.Contains(unrelated.Findings, f => f.Code == "PL101");
    }
}
