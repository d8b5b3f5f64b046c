using System.Reflection;
using System.Text.Json;

namespace PolicyLsp.Analysis.Vocabulary;

/// <summary>
/// The vocabulary of one language: named phrase sets, grammar words and the readability formula, loaded from data
/// (never from code) and checked against schemas/term-pack.schema.json when loaded.
/// </summary>
public sealed class TermPack
{
    private static readonly Dictionary<string, TermPack> Builtin = new(StringComparer.OrdinalIgnoreCase);
    private static readonly Lock BuiltinLock = new();

    private readonly Dictionary<string, PhraseSet> _sets;
    private readonly Dictionary<string, TermPack> _extended = new(StringComparer.Ordinal);
    private Clauses.ClauseGate? _gate;

    // Packs extended with configured terms, kept per distinct setting (a handful in practice).
    private const int MaxExtendedPacks = 16;

    /// <summary>The most words a configured phrase may have (the built-in phrases have at most 7).</summary>
    public const int MaxExtraPhraseWords = 12;

    /// <summary>The most characters a configured phrase may have.</summary>
    public const int MaxExtraPhraseLength = 200;

    /// <summary>The most configured phrases, over all sets, that extend a pack.</summary>
    public const int MaxExtraPhrases = 1_000;

    private TermPack(string language, Dictionary<string, PhraseSet> sets, IReadOnlySet<string> commonWords, Grammar grammar, Readability readability,
        IReadOnlyList<CompositionSpec> compositions)
    {
        Language = language;
        Grammar = grammar;
        Readability = readability;
        _sets = sets;
        CommonWords = commonWords;
        SetIds = sets.Keys.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);

        // One index over every set, tagged with the set's id, so a sentence is scanned once for all of them.
        Combined = new PhraseSet();
        foreach (var (name, set) in sets)
        {
            var id = SetIds[name];
            foreach (var phrase in set.Phrases)
            {
                Combined.Add(phrase, id);
            }
        }

        CompositionSpecs = compositions;
        Compositions = compositions.Select(c => new Composition(SetIds[c.Into], SetIds[c.First], SetIds[c.Then], c.Gap, c.Commas, c.SameSubject)).ToArray();
    }

    /// <summary>The compositions as the pack names them (set names, not ids).</summary>
    internal IReadOnlyList<CompositionSpec> CompositionSpecs { get; }

    /// <summary>Phrases built from two sets ("you can" + "unsubscribe"), applied in order after the sets are matched.</summary>
    internal Composition[] Compositions { get; }

    /// <summary>The most words a composition lets stand between its two phrases.</summary>
    internal const int MaxCompositionGap = 12;

    /// <summary>Every set's phrases in one index; each match's tag is the id of its set.</summary>
    internal PhraseSet Combined { get; }

    internal IReadOnlyDictionary<string, int> SetIds { get; }

    /// <summary>The words a sentence needs before the classifier reads it (built on first use; racing builds agree).</summary>
    internal Clauses.ClauseGate Gate => _gate ??= Clauses.ClauseGate.For(this);

    public string Language { get; }

    /// <summary>The language's most frequent words ("you", "the"), never chosen to stand for a phrase in the clause gate.</summary>
    internal IReadOnlySet<string> CommonWords { get; }

    /// <summary>Function words, endings, abbreviations and definition patterns the code reads at fixed places.</summary>
    public Grammar Grammar { get; }

    /// <summary>How sentences are graded for the plain-language rules.</summary>
    public Readability Readability { get; }

    /// <summary>A named set; a name the schema does not have is a mistake in the code, not a set that matches nothing.</summary>
    public PhraseSet this[string name] => _sets.TryGetValue(name, out var set) ? set : throw UnknownSet(name);

    internal KeyNotFoundException UnknownSet(string name) =>
        new($"term pack \"{Language}\" has no set \"{name}\" (the sets are listed in schemas/term-pack.schema.json)");

    /// <summary>The languages with a built-in pack ("en", "de"): the only names a config or front matter may select.</summary>
    public static IReadOnlyList<string> AvailableLanguages { get; } =
        typeof(TermPack).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("PolicyLsp.Analysis.Vocabulary.", StringComparison.Ordinal) && !n.EndsWith("regions.json", StringComparison.Ordinal))
            .Select(n => n["PolicyLsp.Analysis.Vocabulary.".Length..^".json".Length])
            .ToList();

    /// <summary>The built-in pack for a language, or null when none ships.</summary>
    public static TermPack? ForLanguage(string language)
    {
        var key = language.Split('-', '_')[0].ToLowerInvariant();
        if (!AvailableLanguages.Contains(key, StringComparer.Ordinal))
        {
            return null;
        }

        lock (BuiltinLock)
        {
            if (Builtin.TryGetValue(key, out var cached))
            {
                return cached;
            }

            using var stream = typeof(TermPack).Assembly.GetManifestResourceStream($"PolicyLsp.Analysis.Vocabulary.{key}.json");
            if (stream is null)
            {
                return null;
            }

            var pack = Load(stream, $"{key}.json");
            Builtin[key] = pack;
            return pack;
        }
    }

    public static TermPack English => ForLanguage("en")!;

    /// <summary>A copy of this pack with extra phrases added to named sets (from configuration).</summary>
    public TermPack WithExtraTerms(IReadOnlyDictionary<string, IReadOnlyList<string>> extra)
    {
        if (extra.Count == 0)
        {
            return this;
        }

        // The same settings give the same pack, so an editor's clause cache and the gate survive each re-analysis.
        var key = string.Join('\n', extra.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + "\t" + string.Join('\t', e.Value)));
        lock (_extended)
        {
            if (_extended.TryGetValue(key, out var known))
            {
                return known;
            }
        }

        var extended = Extend(extra);
        lock (_extended)
        {
            if (_extended.Count >= MaxExtendedPacks)
            {
                _extended.Clear();
            }

            return _extended.TryAdd(key, extended) ? extended : _extended[key];
        }
    }

    /// <summary>
    /// The configured phrases a pack may be extended with: the first <see cref="MaxExtraPhrases"/> of them, each of
    /// at most <see cref="MaxExtraPhraseWords"/> words and <see cref="MaxExtraPhraseLength"/> characters (matching a
    /// phrase costs up to its length at every word of every sentence). Why phrases were left out goes to
    /// <paramref name="refused"/>: one entry per phrase refused for its length (with its set), and one entry (with no
    /// set) for all those past the first <see cref="MaxExtraPhrases"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> WithinBounds(
        IReadOnlyDictionary<string, IReadOnlyList<string>> extra, List<(string? Set, string Message)>? refused = null)
    {
        var (seen, dropped) = (0, 0);
        var bounded = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var changed = false;
        foreach (var (name, phrases) in extra)
        {
            var kept = new List<string>(Math.Min(phrases.Count, MaxExtraPhrases));
            foreach (var phrase in phrases)
            {
                if (seen++ >= MaxExtraPhrases)
                {
                    dropped++;
                    continue;
                }

                var reason = phrase.Length > MaxExtraPhraseLength
                    ? $"has {phrase.Length:N0} characters (at most {MaxExtraPhraseLength})"
                    : Tokenizer.Tokenize(phrase).Length is var words && words > MaxExtraPhraseWords
                        ? $"has {words:N0} words (at most {MaxExtraPhraseWords})"
                        : null;
                if (reason is null)
                {
                    kept.Add(phrase);
                }
                else
                {
                    changed = true;
                    var shown = phrase.Length > 40 ? phrase[..40] + "…" : phrase;
                    refused?.Add((name, $"the phrase \"{shown}\" {reason}; ignored"));
                }
            }

            bounded[name] = kept;
        }

        if (dropped > 0)
        {
            refused?.Add((null, $"{dropped:N0} phrases past the first {MaxExtraPhrases:N0} are ignored"));
        }

        return changed || dropped > 0 ? bounded : extra;
    }

    private TermPack Extend(IReadOnlyDictionary<string, IReadOnlyList<string>> extra)
    {
        extra = WithinBounds(extra);
        var sets = new Dictionary<string, PhraseSet>(StringComparer.Ordinal);
        // Configured terms for a set the pack does not have were reported when the configuration was read.
        foreach (var name in _sets.Keys)
        {
            var set = new PhraseSet();
            if (_sets.TryGetValue(name, out var existing))
            {
                foreach (var phrase in existing.Phrases)
                {
                    set.Add(phrase);
                }
            }

            if (extra.TryGetValue(name, out var more))
            {
                foreach (var phrase in more)
                {
                    set.Add(phrase);
                }
            }

            sets[name] = set;
        }

        return new TermPack(Language, sets, CommonWords, Grammar, Readability, CompositionSpecs);
    }

    /// <summary>The names of the sets every pack has (and configured terms may extend).</summary>
    public static IReadOnlyList<string> SetNames => TermPackSchema.SetNames;

    /// <summary>Reads a pack and checks it against the schema; <paramref name="name"/> names it in the error.</summary>
    /// <exception cref="InvalidDataException">The pack is not valid JSON or does not conform to the schema.</exception>
    internal static TermPack Load(Stream stream, string name)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"term pack {name}: not valid JSON: {e.Message}", e);
        }

        using (json)
        {
            TermPackSchema.Validate(json.RootElement, name);
            return Load(json.RootElement);
        }
    }

    private static TermPack Load(JsonElement root)
    {
        var language = root.GetProperty("language").GetString()!;
        var sets = new Dictionary<string, PhraseSet>(StringComparer.Ordinal);
        foreach (var property in root.GetProperty("sets").EnumerateObject())
        {
            var set = new PhraseSet();
            foreach (var phrase in property.Value.EnumerateArray())
            {
                set.Add(phrase.GetString()!);
            }

            sets[property.Name] = set;
        }

        var common = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in root.GetProperty("commonWords").EnumerateArray())
        {
            common.Add(word.GetString()!.ToLowerInvariant());
        }

        var compositions = new List<CompositionSpec>();
        foreach (var entry in root.GetProperty("compositions").EnumerateArray())
        {
            var spec = new CompositionSpec(entry.GetProperty("into").GetString()!, entry.GetProperty("first").GetString()!,
                entry.GetProperty("then").GetString()!, entry.GetProperty("gap").GetDouble(),
                entry.TryGetProperty("commas", out var commas) && commas.GetBoolean(),
                entry.TryGetProperty("sameSubject", out var sameSubject) && sameSubject.GetBoolean());
            foreach (var name in (string[])[spec.Into, spec.First, spec.Then])
            {
                if (!sets.ContainsKey(name))
                {
                    throw new InvalidDataException($"term pack {language}: compositions[{compositions.Count}] names the set \"{name}\", which the pack does not have");
                }
            }

            if (spec.GapValue is < 0 or > MaxCompositionGap || spec.GapValue != Math.Floor(spec.GapValue))
            {
                throw new InvalidDataException($"term pack {language}: compositions[{compositions.Count}].gap must be a whole number from 0 to {MaxCompositionGap}");
            }

            compositions.Add(spec);
        }

        return new TermPack(language, sets, common, new Grammar(root.GetProperty("grammar")), Readability.Read(root.GetProperty("readability")), compositions);
    }

    internal static Stream OpenResource(string fileName) =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream($"PolicyLsp.Analysis.Vocabulary.{fileName}")
        ?? throw new InvalidOperationException($"missing embedded resource {fileName}");
}

/// <summary>A composition as the pack writes it (set names, the gap as read).</summary>
internal sealed record CompositionSpec(string Into, string First, string Then, double GapValue, bool Commas, bool SameSubject)
{
    public int Gap => (int)GapValue;
}

/// <summary>
/// A phrase built from two sets: a match of <see cref="First"/>, then one of <see cref="Then"/> after at most
/// <see cref="Gap"/> words, counted as a match of <see cref="Into"/> (set ids of the pack).
/// </summary>
internal readonly record struct Composition(int Into, int First, int Then, int Gap, bool Commas, bool SameSubject);
