namespace PolicyLsp.Analysis.Evaluation;

/// <summary>Counts of one binary judgement against labels. An empty side scores 1 (nothing claimed, nothing missed).</summary>
public sealed record Score(int TruePositives, int FalsePositives, int FalseNegatives)
{
    public static Score Zero { get; } = new(0, 0, 0);

    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public static Score operator +(Score a, Score b) =>
        new(a.TruePositives + b.TruePositives, a.FalsePositives + b.FalsePositives, a.FalseNegatives + b.FalseNegatives);

    public Score Add(bool expected, bool found) => (expected, found) switch
    {
        (true, true) => this with { TruePositives = TruePositives + 1 },
        (false, true) => this with { FalsePositives = FalsePositives + 1 },
        (true, false) => this with { FalseNegatives = FalseNegatives + 1 },
        _ => this,
    };
}

/// <summary>The score of one clause family.</summary>
public sealed record FamilyScore(string Family, Score Score);

public enum MismatchKind
{
    /// <summary>The labels expect it and the engine did not find it.</summary>
    Miss,

    /// <summary>The engine found it and the labels do not expect it.</summary>
    FalseAlarm,
}

/// <summary>One disagreement with the labels: where (file:line or clause id), about what (family or rule), and the sentence's opening words.</summary>
/// <param name="Cause">Why the engine decided as it did (see <see cref="MismatchCauses"/>), when known.</param>
public sealed record Mismatch(MismatchKind Kind, string Where, string Subject, string Excerpt, string? Detail = null, string? Cause = null)
{
    public override string ToString() =>
        $"{(Kind == MismatchKind.Miss ? "miss " : "false")} {Where} {Subject}{(Detail is null ? string.Empty : $" ({Detail})")}: {Excerpt}";

    /// <summary>The first ~80 characters of a sentence on one line, for a report printed at run time.</summary>
    public static string Shorten(string text, int length = 80)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= length ? flat : flat[..length].TrimEnd() + "…";
    }
}
