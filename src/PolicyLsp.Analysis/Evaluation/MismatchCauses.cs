using PolicyLsp.Analysis.Clauses;

namespace PolicyLsp.Analysis.Evaluation;

/// <summary>
/// Why the engine missed a labelled clause (the step of the classifier that turned its sentence down, or the words it
/// lacks) or raised a false one (the vocabulary that made it a clause):
/// misses and false alarms are grouped by these causes in <c>policylsp eval</c>, so a class of language shows up
/// as one group rather than as scattered lines.
/// </summary>
internal static class MismatchCauses
{
    /// <summary>The cause of a miss: the labelled clause's sentence starts on <paramref name="line"/>.</summary>
    public static string OfMiss(AnalysisResult result, int line, string family, Func<int, int> lineOf)
    {
        var sentence = result.Document.Sentences.FirstOrDefault(s => lineOf(s.Span.Start) == line);
        if (sentence is null)
        {
            return "no sentence starts on the line (split or parsed differently)";
        }

        var descriptor = EvaluationFamilies.Descriptor(family);
        if (result.Context.Clauses.Any(c => c.Family == descriptor.Family && Math.Abs(lineOf(c.Sentence.Span.Start) - line) <= 2))
        {
            return "found on a neighbouring sentence";
        }

        // The first sentence on the line with the family's words gives the classifier's own reason; a line whose
        // sentences all lack them says which words the first one lacks.
        Rejections? why = null;
        foreach (var candidate in result.Document.Sentences.Where(s => lineOf(s.Span.Start) == line))
        {
            why = null;
            if (result.Context.ReasonNotClause(candidate, descriptor, ref why) is { } reason)
            {
                return reason;
            }
        }

        return descriptor.MissingWords(result.Context.Facts(sentence)) ?? "found on another sentence of the line";
    }

    /// <summary>The cause of a false alarm: the vocabulary that made the sentence a clause.</summary>
    public static string OfFalseAlarm(AnalysisResult result, Clause clause)
    {
        var f = result.Context.Facts(clause.Sentence);
        // The sets whose words are among the clause's triggers: "opt out" inside a sentence is no command to opt out.
        var matched = clause.Descriptor.TriggerSets.Where(set => f.Find(set).Exists(m => clause.Triggers.Contains(f.TextOf(m)))).ToList();
        var cause = $"triggered by {(matched.Count == 0 ? "a carried topic" : string.Join(" + ", matched))}";
        return f.Has("negation") ? cause + ", with a negation not taken" : cause;
    }
}
