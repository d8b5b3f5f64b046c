using System.Text.Json;
using System.Text.Json.Serialization;

namespace PolicyLsp.Analysis.Evaluation;

/// <summary>One version of a policy file in a version repository: the commit that recorded it, its git blob id and when.</summary>
public sealed record ChangePairVersion(string Commit, string Blob, string? Date);

/// <summary>Where the two re-created texts of a pair are, relative to the texts folder.</summary>
public sealed record ChangePairFiles(string Old, string New);

/// <summary>
/// One expected material change: its rule (PL301–PL305) and the 1-based line of the new version on which its sentence
/// starts (PL305: the date line, or line 1 when the new version states no date).
/// </summary>
public sealed record ChangeLabel(string Rule, int Line, string? Note);

/// <summary>Two consecutive versions of one real policy and the material changes a reader sees between them.</summary>
/// <param name="LeftOut">What was considered and not labelled, with its lines and why.</param>
public sealed record ChangePair(
    string Id,
    string Service,
    string Repo,
    string Path,
    ChangePairVersion Old,
    ChangePairVersion New,
    ChangePairFiles Files,
    string? Kind,
    string? Summary,
    string? LeftOut,
    IReadOnlyList<ChangeLabel> Labels);

/// <summary>eval/changes/pairs.json: real consecutive-version pairs, labelled before the engine ran on them.</summary>
public sealed record ChangePairSet(string? Description, IReadOnlyList<ChangePair> Pairs)
{
    /// <summary>The rules a label may name, in report order.</summary>
    public static IReadOnlyList<string> Rules { get; } = ["PL301", "PL302", "PL303", "PL304", "PL305"];

    public static ChangePairSet Load(string path) =>
        File.Exists(path) ? Parse(File.ReadAllText(path), path) : throw new EvaluationDataException($"file not found: {path}");

    /// <summary>Reads the set from JSON text (<paramref name="source"/> names it in error messages).</summary>
    public static ChangePairSet Parse(string json, string source = "pairs.json")
    {
        ChangePairSet? set;
        try
        {
            set = JsonSerializer.Deserialize(json, EvaluationJsonContext.Default.ChangePairSet);
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } l ? $":{l + 1}" : string.Empty;
            throw new EvaluationDataException($"{source}{line}: not valid pairs JSON: {e.Message}");
        }

        return Validate(set ?? throw new EvaluationDataException($"{source}: empty pairs file"), source);
    }

    private static ChangePairSet Validate(ChangePairSet set, string source)
    {
        if (set.Pairs is null)
        {
            throw new EvaluationDataException($"{source}: no \"pairs\" array");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in set.Pairs)
        {
            if (string.IsNullOrWhiteSpace(pair.Id) || pair.Files is null || string.IsNullOrWhiteSpace(pair.Files.Old)
                || string.IsNullOrWhiteSpace(pair.Files.New) || pair.Labels is null)
            {
                throw new EvaluationDataException($"{source}: every pair needs \"id\", \"files\" (\"old\" and \"new\") and \"labels\"");
            }

            if (!ids.Add(pair.Id))
            {
                throw new EvaluationDataException($"{source}: pair \"{pair.Id}\" is listed twice");
            }

            foreach (var label in pair.Labels)
            {
                if (label.Line < 1 || !Rules.Contains(label.Rule))
                {
                    throw new EvaluationDataException(
                        $"{source}: {pair.Id}: a label needs \"rule\" PL301–PL305 and \"line\" ≥ 1 (rule \"{label.Rule}\", line {label.Line})");
                }
            }
        }

        return set;
    }
}
