using PolicyLsp.Analysis.Changes;
using PolicyLsp.Analysis.Clauses;

namespace PolicyLsp.Analysis.Tests;

/// <summary>
/// A summary block states the practice again in short words. Its sentences are clauses (the labelling contract counts
/// every sentence that states the practice), but no rule flags them: the findings sit on the practice stated in full.
/// </summary>
public sealed class SummaryClauseTests
{
    private const string Policy = """
        # Privacy notice of Fernlow

        > **In plain words:** We use your voice notes to train our AI. This is on when you sign up. Turn it off in Settings > Privacy.

        ## How we use your data

        We may use the voice notes you record to develop and train our speech recognition models.
        """;

    [Fact]
    public void A_summary_sentence_is_a_clause_that_no_rule_flags()
    {
        var result = PolicyAnalyzer.Analyze(Policy);

        var inSummary = result.Context.Clauses.Where(c => c.InSummary).ToList();
        Assert.Contains(inSummary, c => c.Family == ClauseFamily.AiTraining && c.Sentence.Text.Contains("We use your voice notes", StringComparison.Ordinal));
        Assert.Contains(result.Context.Clauses, c => !c.InSummary && c.Family == ClauseFamily.AiTraining);
        Assert.All(result.Findings, f => Assert.DoesNotContain(inSummary, c => c.Sentence.Span.Start == f.Span.Start));
        Assert.Contains(result.Findings, f => f.Code == "PL101");
    }

    [Fact]
    public void A_summary_added_to_a_version_is_no_new_practice()
    {
        var old = Policy.Replace("> **In plain words:** We use your voice notes to train our AI. This is on when you sign up. Turn it off in Settings > Privacy.\n", string.Empty, StringComparison.Ordinal);

        Assert.Empty(MaterialChanges.Compare(PolicyAnalyzer.Analyze(old), PolicyAnalyzer.Analyze(Policy)));
    }
}
