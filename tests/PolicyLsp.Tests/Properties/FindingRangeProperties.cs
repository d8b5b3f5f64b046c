using CsCheck;
using PolicyLsp.Analysis;
using PolicyLsp.Server;

namespace PolicyLsp.Tests.Properties;

/// <summary>Whatever the document, findings, related locations and fixes stay inside it.</summary>
public sealed class FindingRangeProperties
{
    private static readonly string[] Fragments =
    [
        "We may use your posts to train our AI models.",
        "We may use your content to improve our machine learning systems.",
        "You can opt out at any time.",
        "You are automatically enrolled in data sharing unless you opt out.",
        "We share personal data with third parties for advertising purposes.",
        "Notwithstanding the foregoing, pursuant to applicable law, the controller may process data hereinafter defined.",
        "If you live in California, you may request deletion of your personal information.",
        "For users in the EEA, we rely on legitimate interests.",
        "# Privacy Policy",
        "## How we use your data",
        "### California residents",
        "## Europe",
        "- We collect your email address.",
        "* Training AI models on your messages",
        "1. Opt out in settings.",
        "| Data | Purpose |\n|---|---|\n| Posts | AI training |",
        "> We may use your posts to train our AI models.",
        "---\npolicylsp:\n  language: en\n---",
        "---\ntitle: Policy\n---",
        "---\nbroken: [yaml\n---",
        "{% if region == 'eu' %}",
        "{% endif %}",
        "{{ company_name }} may sell your data.",
        "<!-- policylsp-disable PL101 -->",
        "<!-- policylsp-disable-next-line -->",
        "\"Personal Data\" means any information relating to you.",
        "😀 👍🏽 個人データ",
        "個人データを AI の学習に使用することがあります。",
        "```\ncode block: We may use your posts to train our AI models.\n```",
        "",
        " ",
    ];

    private static readonly string[] Separators = ["\n", "\r\n", "\n\n", "\r\n\r\n", " ", "\r"];

    private static readonly Gen<string> DocumentGen =
        Gen.Select(Gen.Int[0, Fragments.Length - 1], Gen.Int[0, Separators.Length - 1])
            .Array[0, 25]
            .Select(parts => string.Concat(parts.Select(p => Fragments[p.Item1] + Separators[p.Item2])));

    [Fact]
    public void Findings_related_locations_and_fixes_lie_inside_the_document()
    {
        var findings = 0;
        var fixes = 0;
        DocumentGen.ForAll(
            text =>
            {
                var result = PolicyAnalyzer.Analyze(text);
                findings += result.Findings.Count;
                fixes += result.Findings.Sum(f => f.Fixes.Count);
                foreach (var finding in result.Findings)
                {
                    Assert.True(0 <= finding.Span.Start && finding.Span.Start <= finding.Span.End && finding.Span.End <= text.Length, $"{finding.Code} span {finding.Span.Start}..{finding.Span.End} in {text.Length}");
                    foreach (var related in finding.Related.Where(r => r.Uri is null))
                    {
                        Assert.True(0 <= related.Span.Start && related.Span.Start <= related.Span.End && related.Span.End <= text.Length, $"{finding.Code} related {related.Span.Start}..{related.Span.End} in {text.Length}");
                    }

                    foreach (var insertion in finding.Fixes.SelectMany(f => f.Insertions))
                    {
                        Assert.InRange(insertion.Offset, 0, text.Length);
                    }
                }
            },
            iter: 300);

        // The sample exercises the rules, not just empty results.
        Assert.True(findings > 50, $"only {findings} findings");
        Assert.True(fixes > 0, "no fixes");
    }

    [Fact]
    public void Finding_ranges_convert_to_positions_that_map_back_inside_the_document()
    {
        DocumentGen.ForAll(
            text =>
            {
                var result = PolicyAnalyzer.Analyze(text);
                foreach (var encoding in new[] { PositionEncodingKind.Utf16, PositionEncodingKind.Utf8 })
                {
                    var mapper = new PositionMapper(text, encoding);
                    foreach (var finding in result.Findings)
                    {
                        var span = mapper.ToSpan(mapper.ToRange(finding.Span));
                        Assert.True(0 <= span.Start && span.Start <= span.End && span.End <= text.Length);
                    }
                }
            },
            iter: 150);
    }
}
