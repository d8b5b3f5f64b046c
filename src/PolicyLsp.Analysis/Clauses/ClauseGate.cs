using System.Buffers;
using PolicyLsp.Analysis.Vocabulary;

namespace PolicyLsp.Analysis.Clauses;

/// <summary>
/// A cheap test that a text cannot hold a clause, so the classifier only reads the few sentences that may.
/// It looks for words every clause needs (a training verb and a model word, or an opt-in trigger phrase): one word
/// of each phrase, searched as a substring of the lower-cased text. It may let a sentence through that holds no
/// clause; it never stops one that does, because every phrase the classifier needs contains its chosen word.
/// </summary>
internal sealed class ClauseGate
{
    // Which phrase sets the classifier cannot do without, per family (see ClauseClassifier).
    private static readonly string[] TrainingVerbSets = ["ai.strongVerbs", "ai.weakVerbs", "ai.learningPhrases"];
    private static readonly string[] ModelSets = ["ai.specificTerms", "ai.genericTerms", "ai.trainableTerms", "ai.learningPhrases"];
    private static readonly string[] OptInTriggerSets =
        ["optin.defaultOn", "optin.optOut", "optin.implied", "optin.optOutWeak", "exception.optOut", "optin.byDefault", "optin.preventOffer",
            "optin.turnOffCondition", "optin.commandOptOuts", "optin.readerControls", "optin.onForEveryone"];

    private readonly SearchValues<string> _trainingVerbs;
    private readonly SearchValues<string> _models;
    private readonly SearchValues<string> _optInTriggers;

    private ClauseGate(TermPack terms)
    {
        _trainingVerbs = Words(terms, TrainingVerbSets);
        _models = Words(terms, ModelSets);
        // A built phrase ("you can" + "switch it off") holds a phrase of its second set, so those words open the gate too:
        // the first word of each that is not a common word, the way out's verb ("reject" of "reject these cookies"),
        // since a longer object word ("cookies") would let most sentences of a policy through.
        var built = terms.CompositionSpecs.Where(c => OptInTriggerSets.Contains(c.Into)).Select(c => c.Then).Distinct().ToArray();
        _optInTriggers = Words(terms, OptInTriggerSets, built, SettingsPath);
    }

    /// <summary>
    /// A settings path ("Account > Privacy > Offers") says where to switch a use off without any opt-out word: an entry of
    /// a choices list may be a clause with nothing else (see ClauseClassifier.ChoicesEntryWay).
    /// </summary>
    private const string SettingsPath = " > ";

    public static ClauseGate For(TermPack terms) => new(terms);

    /// <summary>False when <paramref name="lower"/> (text lower-cased by <see cref="Tokenizer.Lower"/>) holds no clause.</summary>
    public bool MayHoldClause(ReadOnlySpan<char> lower) =>
        (lower.ContainsAny(_trainingVerbs) && lower.ContainsAny(_models)) || lower.ContainsAny(_optInTriggers);

    private static SearchValues<string> Words(TermPack terms, string[] sets, string[]? builtFrom = null, string? extra = null)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        if (extra is not null)
        {
            words.Add(extra);
        }

        foreach (var (set, first) in sets.Select(s => (s, false)).Concat((builtFrom ?? []).Select(s => (s, true))))
        {
            foreach (var phrase in terms[set].Phrases)
            {
                if (Selective(phrase, terms.CommonWords, first) is { Length: > 0 } word)
                {
                    words.Add(word);
                }
            }
        }

        return SearchValues.Create(words.ToArray(), StringComparison.Ordinal);
    }

    /// <summary>A first word shorter than this ("let" of "let us know otherwise") is no better than the longest word.</summary>
    private const int MinFirstWord = 5;

    /// <summary>
    /// The phrase's longest word that is not one of the language's common words (the longest word when all are; the
    /// first such word of at least <see cref="MinFirstWord"/> letters when <paramref name="first"/>),
    /// without a prefix star or an apostrophe ending: the word least likely to occur in a sentence by chance.
    /// </summary>
    private static string Selective(string phrase, IReadOnlySet<string> common, bool first = false)
    {
        var body = phrase.StartsWith('=') ? phrase[1..] : phrase;
        var best = string.Empty;
        var bestIsCommon = true;
        foreach (var word in PhraseSet.SplitWords(body, keepCase: false))
        {
            var stem = word.TrimEnd('*');
            var apostrophe = stem.IndexOf('\'');
            if (apostrophe >= 0)
            {
                stem = stem[..apostrophe];
            }

            var isCommon = common.Contains(stem);
            if (first && !isCommon && stem.Length >= MinFirstWord)
            {
                return stem.ToLowerInvariant();
            }

            if ((bestIsCommon && !isCommon) || (isCommon == bestIsCommon && stem.Length > best.Length))
            {
                best = stem;
                bestIsCommon = isCommon;
            }
        }

        return best.ToLowerInvariant();
    }
}
