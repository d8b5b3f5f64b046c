namespace PolicyLsp.Analysis.Evaluation;

/// <summary>Per-family precision and recall of clause detection on the clause set, with every miss and false alarm.</summary>
public sealed record ClauseSetResult(int Clauses, IReadOnlyList<FamilyScore> Families, IReadOnlyList<Mismatch> Mismatches)
{
    public Score For(string family) => Families.First(f => f.Family == family).Score;
}

/// <summary>Runs the engine on each clause of the set, alone under a heading, and compares the families it finds with the labels.</summary>
public static class ClauseSetEvaluator
{
    public static ClauseSetResult Evaluate(ClauseSet set)
    {
        var scores = EvaluationFamilies.All.ToDictionary(f => f, _ => Score.Zero);
        var mismatches = new List<Mismatch>();
        foreach (var clause in set.Clauses)
        {
            var found = PolicyAnalyzer.Analyze("# Policy\n\n" + clause.Text + "\n").Context.Clauses
                .Select(c => EvaluationFamilies.Of(c.Family))
                .ToHashSet();
            foreach (var family in EvaluationFamilies.All)
            {
                var expected = clause.Families.Contains(family);
                var isFound = found.Contains(family);
                scores[family] = scores[family].Add(expected, isFound);
                if (expected != isFound)
                {
                    mismatches.Add(new Mismatch(expected ? MismatchKind.Miss : MismatchKind.FalseAlarm, clause.Id, family, Mismatch.Shorten(clause.Text)));
                }
            }
        }

        return new ClauseSetResult(
            set.Clauses.Count,
            EvaluationFamilies.All.Select(f => new FamilyScore(f, scores[f])).ToList(),
            mismatches);
    }
}
