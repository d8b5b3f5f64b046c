using System.Buffers;
using System.Text.Json;

namespace PolicyLsp.Analysis.Vocabulary;

/// <summary>A readability formula that gives a school grade (see <see cref="Text.TextMetrics.Grade"/>).</summary>
public enum ReadabilityFormula
{
    /// <summary>Flesch–Kincaid grade level (Kincaid et al. 1975), for English.</summary>
    FleschKincaidGrade,

    /// <summary>The first Wiener Sachtextformel (Bamberger and Vanecek 1984), for German.</summary>
    WienerSachtextformel1,
}

/// <summary>How a language's sentences are graded: the formula and the syllable rules it counts with (the pack's "readability").</summary>
public sealed class Readability
{
    public Readability(ReadabilityFormula formula, string vowels, bool silentFinalE)
    {
        Formula = formula;
        Vowels = SearchValues.Create(vowels);
        SilentFinalE = silentFinalE;
    }

    public static Readability English { get; } = new(ReadabilityFormula.FleschKincaidGrade, "aeiouy", silentFinalE: true);

    public ReadabilityFormula Formula { get; }

    /// <summary>Lower-case letters whose runs count as one syllable each.</summary>
    public SearchValues<char> Vowels { get; }

    /// <summary>Whether a final e (not after l) is silent, as in English "make".</summary>
    public bool SilentFinalE { get; }

    internal static Readability Read(JsonElement readability) => new(
        readability.GetProperty("formula").GetString() switch
        {
            "flesch-kincaid-grade" => ReadabilityFormula.FleschKincaidGrade,
            "wiener-sachtextformel-1" => ReadabilityFormula.WienerSachtextformel1,
            var other => throw new InvalidDataException($"unknown readability formula \"{other}\""),
        },
        readability.GetProperty("vowels").GetString()!,
        readability.GetProperty("silentFinalE").GetBoolean());
}
