using System.Buffers;
using System.Text.Json;
using System.Text.RegularExpressions;
using PolicyLsp.Analysis.Parsing;

namespace PolicyLsp.Analysis.Vocabulary;

/// <summary>
/// A language's function words, word endings, abbreviations and definition patterns: what the code reads at fixed
/// places of a sentence (the word before a verb, the first word of a phrase), never matched as phrases. From the
/// pack's "grammar" entry (see schemas/term-pack.schema.json for what each list is for).
/// </summary>
public sealed class Grammar
{
    private SentenceSplitter? _splitter;
    private DefinitionPatterns? _definitions;

    internal Grammar(JsonElement grammar)
    {
        Abbreviations = Strings(grammar, "abbreviations");
        Articles = new WordList(Strings(grammar, "articles"));
        Coordinators = new WordList(Strings(grammar, "coordinators"));
        ListJoiners = new WordList(Strings(grammar, "listJoiners"));
        ClauseBreakers = new WordList(Strings(grammar, "clauseBreakers"));
        ClauseStartsAfterComma = new WordList(Strings(grammar, "clauseStartsAfterComma"));
        SubjectPronouns = new WordList(Strings(grammar, "subjectPronouns"));
        NounEndings = new WordList(Strings(grammar, "nounEndings"));
        ObjectFirstParticles = new WordList(Strings(grammar, "objectFirstParticles"));
        InfinitiveMarkers = new WordList(Strings(grammar, "infinitiveMarkers"));
        PurposeOpeners = new WordList(Strings(grammar, "purposeOpeners"));
        OfferOpeners = new WordList(Strings(grammar, "offerOpeners"));
        WishWords = new WordList(Strings(grammar, "wishWords"));
        ReaderSuppliedVerbs = new WordList(Strings(grammar, "readerSuppliedVerbs"));
        UnsubscribeWords = new WordList(Strings(grammar, "unsubscribeWords"));
        ModelStems = new WordList(Strings(grammar, "modelStems"));
        ModelPlurals = new WordList(Strings(grammar, "modelPlurals"));
        VerbAdjectives = new WordList(Strings(grammar, "verbAdjectives"));
        ObjectClosers = new WordList(Strings(grammar, "objectClosers"));
        Prepositions = new WordList(Strings(grammar, "prepositions"));
        AgentDeterminers = new WordList(Strings(grammar, "agentDeterminers"));
        AgentMarkers = new WordList(Strings(grammar, "agentMarkers"));
        TitleSmallWords = new WordList(Strings(grammar, "titleSmallWords"));
        PerfectAuxiliaries = new WordList(Strings(grammar, "perfectAuxiliaries"));
        PassiveAuxiliaries = new WordList(Strings(grammar, "passiveAuxiliaries"));
        PossessiveEndings = new WordList(Strings(grammar, "possessiveEndings"));
        PressVerbs = new WordList(Strings(grammar, "pressVerbs"));
        PressableWaysOut = new WordList(Strings(grammar, "pressableWaysOut"));
        ObligationModals = new WordList(Strings(grammar, "obligationModals"));
        AbsenceWords = new WordList(Strings(grammar, "absenceWords"));
        SaleNouns = new WordList(Strings(grammar, "saleNouns"));
        RightsUses = new WordList(Strings(grammar, "rightsUses"));
        RightNouns = new WordList(Strings(grammar, "rightNouns"));
        SaleLinks = new WordList(Strings(grammar, "saleLinks"));
        ListNouns = new WordList(Strings(grammar, "listNouns"));
        BeneficiaryMarkers = new WordList(Strings(grammar, "beneficiaryMarkers"));
        OwnWords = new WordList(Strings(grammar, "ownWords"));
        LinkNouns = new WordList(Strings(grammar, "linkNouns"));
        ExampleVerbStems = new WordList(Strings(grammar, "exampleVerbStems"));
        RetentionVerbs = new WordList(Strings(grammar, "retentionVerbs"));
        EmbeddedQuestionWords = new WordList(Strings(grammar, "embeddedQuestionWords"));
        FirstPartyPossessives = new WordList(Strings(grammar, "firstPartyPossessives"));
        ModalAuxiliaries = new WordList(Strings(grammar, "modalAuxiliaries"));
        MeansMarkers = new WordList(Strings(grammar, "meansMarkers"));
        RelativePronouns = new WordList(Strings(grammar, "relativePronouns"));
        EnablingVerbs = new WordList(Strings(grammar, "enablingVerbs"));
        SupportAuxiliaries = new WordList(Strings(grammar, "supportAuxiliaries"));
        Quantifiers = new WordList(Strings(grammar, "quantifiers"));
        PluralEndings = Strings(grammar, "pluralEndings").OrderByDescending(e => e.Length).ToArray();
        Definitions = grammar.GetProperty("definitions").Clone();
    }

    /// <summary>Abbreviations as the pack writes them ("e.g.", "z. B."); the splitter reads them.</summary>
    public IReadOnlyList<string> Abbreviations { get; }

    public WordList Articles { get; }

    public WordList Coordinators { get; }

    public WordList ListJoiners { get; }

    public WordList ClauseBreakers { get; }

    public WordList ClauseStartsAfterComma { get; }

    /// <summary>Pronouns that open a new clause's subject ("we", "you", "they"): a same-subject composition does not build over one.</summary>
    public WordList SubjectPronouns { get; }

    public WordList NounEndings { get; }

    public WordList ObjectFirstParticles { get; }

    public WordList InfinitiveMarkers { get; }

    public WordList PurposeOpeners { get; }

    public WordList OfferOpeners { get; }

    public WordList WishWords { get; }

    public WordList ReaderSuppliedVerbs { get; }

    public WordList UnsubscribeWords { get; }

    public WordList ModelStems { get; }

    public WordList ModelPlurals { get; }

    public WordList VerbAdjectives { get; }

    public WordList Prepositions { get; }

    public WordList AgentDeterminers { get; }

    public WordList AgentMarkers { get; }

    /// <summary>Words after which a noun phrase has ended ("train our systems so that …"; not "our systems team").</summary>
    public WordList ObjectClosers { get; }

    /// <summary>Words a title leaves in lower case; empty where every noun is capitalised.</summary>
    public WordList TitleSmallWords { get; }

    /// <summary>Auxiliaries of a finished act ("have", "has"): "we have developed X" describes what was made.</summary>
    public WordList PerfectAuxiliaries { get; }

    /// <summary>Auxiliaries right before a passive participle ("are", "be"): "our models are improved using …".</summary>
    public WordList PassiveAuxiliaries { get; }

    /// <summary>Endings of a possessive word ("Verilo's"), which determines a model as "our" does.</summary>
    public WordList PossessiveEndings { get; }

    /// <summary>Commands that press a button or link ("tap", "click"): "Click Unsubscribe in any offer email".</summary>
    public WordList PressVerbs { get; }

    /// <summary>First words of the ways out a pressed button may name ("unsubscribe", "opt").</summary>
    public WordList PressableWaysOut { get; }

    /// <summary>Modals of a duty ("must"): "emails you send must include an unsubscribe link" is a sender's duty.</summary>
    public WordList ObligationModals { get; }

    /// <summary>Words after a use that say it is absent ("ad free listening").</summary>
    public WordList AbsenceWords { get; }

    /// <summary>Nouns of a sale, a use of data only before a word of <see cref="SaleLinks"/> ("the sale of your data").</summary>
    public WordList SaleNouns { get; }

    /// <summary>Uses a legal right names ("sale", "sharing", "profiling"): "- Opt out of the sale of your data" labels a right.</summary>
    public WordList RightsUses { get; }

    /// <summary>Nouns of a right ("rights"): a list whose lead-in names one lists rights.</summary>
    public WordList RightNouns { get; }

    /// <summary>Words that make a sale one of something named ("sale of", "sale and sharing"; not "the summer sale").</summary>
    public WordList SaleLinks { get; }

    /// <summary>Nouns of a list ("a suppression list", "the waiting list").</summary>
    public WordList ListNouns { get; }

    /// <summary>Prepositions before a group a practice is scoped to ("for members").</summary>
    public WordList BeneficiaryMarkers { get; }

    /// <summary>Words that stress ownership after another party's possessive (the set optin.theirs): "their own".</summary>
    public WordList OwnWords { get; }

    /// <summary>Nouns of a link ("an unsubscribe link").</summary>
    public WordList LinkNouns { get; }

    /// <summary>Beginnings of defining verbs that list examples ("includes"), which define nothing.</summary>
    public WordList ExampleVerbStems { get; }

    /// <summary>Verbs of keeping data ("retained until you unsubscribe" says how long, not that a use runs on).</summary>
    public WordList RetentionVerbs { get; }

    /// <summary>Words that make the clause after them a question or a condition ("how we use", "whether we use").</summary>
    public WordList EmbeddedQuestionWords { get; }

    /// <summary>Our possessives ("our"): "our partners use" names someone else as the actor.</summary>
    public WordList FirstPartyPossessives { get; }

    /// <summary>Modal auxiliaries between a subject and its verb ("your data will not be used").</summary>
    public WordList ModalAuxiliaries { get; }

    /// <summary>Words that open a means ("by creating an account, you agree …"; not "get around the rules by creating a profile").</summary>
    public WordList MeansMarkers { get; }

    /// <summary>Pronouns that open a relative clause after a noun ("your content that is not personal data").</summary>
    public WordList RelativePronouns { get; }

    /// <summary>Verbs that let someone else act ("enable users to build", "allows you to train"): the one let is the actor.</summary>
    public WordList EnablingVerbs { get; }

    /// <summary>Auxiliaries of do-support before a negation ("recordings, which do not include your name").</summary>
    public WordList SupportAuxiliaries { get; }

    /// <summary>Words that may open a sentence before the party it is about ("some providers", "certain advertisers").</summary>
    public WordList Quantifiers { get; }

    /// <summary>Plural endings, longest first.</summary>
    public IReadOnlyList<string> PluralEndings { get; }

    private JsonElement Definitions { get; }

    /// <summary>The sentence splitter for this language (built on first use; racing builds agree).</summary>
    internal SentenceSplitter Splitter => _splitter ??= new SentenceSplitter(Abbreviations);

    /// <summary>The patterns of a quoted term's definition (built on first use; racing builds agree).</summary>
    internal DefinitionPatterns DefinitionPatterns => _definitions ??= new DefinitionPatterns(
        Strings(Definitions, "verbs"),
        Strings(Definitions, "openers"),
        Strings(Definitions, "closers"),
        Strings(Definitions, "articles"),
        Definitions.GetProperty("openingQuotes").GetString()!,
        Definitions.GetProperty("closingQuotes").GetString()!);

    /// <summary>
    /// The word without the longest plural ending that leaves at least three letters ("cookies" → "cookie",
    /// "Modellen" → "Modell"), so that a singular and its plural meet; the word itself when none does.
    /// </summary>
    public string Singular(string word)
    {
        foreach (var ending in PluralEndings)
        {
            if (word.Length - ending.Length >= 3 && word.EndsWith(ending, StringComparison.OrdinalIgnoreCase))
            {
                return word[..^ending.Length];
            }
        }

        return word;
    }

    private static string[] Strings(JsonElement element, string name) =>
        element.GetProperty(name).EnumerateArray().Select(s => s.GetString()!).ToArray();
}

/// <summary>A few lower-case words, looked up by span without allocating.</summary>
public sealed class WordList
{
    private readonly HashSet<string> _words;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public WordList(IEnumerable<string> words)
    {
        _words = new HashSet<string>(words.Select(w => w.ToLowerInvariant()), StringComparer.Ordinal);
        _lookup = _words.GetAlternateLookup<ReadOnlySpan<char>>();
        Words = _words.ToArray();
    }

    public IReadOnlyList<string> Words { get; }

    /// <summary>Whether the (lower-case) word is one of the list's.</summary>
    public bool Contains(ReadOnlySpan<char> lower) => _lookup.Contains(lower);

    /// <summary>Whether the (lower-case) word ends with one of the list's.</summary>
    public bool EndsAny(ReadOnlySpan<char> lower)
    {
        foreach (var ending in Words)
        {
            if (lower.EndsWith(ending, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the (lower-case) word starts with one of the list's.</summary>
    public bool StartsAny(ReadOnlySpan<char> lower)
    {
        foreach (var start in Words)
        {
            if (lower.StartsWith(start, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the text holds one of the list's words anywhere, in any case ("want" in "do not want").</summary>
    public bool OccursIn(ReadOnlySpan<char> text)
    {
        foreach (var word in Words)
        {
            if (text.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// "“Designated Countries” means …" and "… (hereinafter “Designated Countries”)": a language's defining verbs,
/// parenthetical openers and closers and quote marks, compiled once per pack.
/// </summary>
internal sealed class DefinitionPatterns
{
    private readonly SearchValues<char> _quotes;
    private readonly SearchValues<string> _verbs;

    public DefinitionPatterns(string[] verbs, string[] openers, string[] closers, string[] articles, string openingQuotes, string closingQuotes)
    {
        Articles = new WordList(articles);
        var open = Class(openingQuotes);
        var close = Class(closingQuotes);
        var verbAlternatives = string.Join('|', verbs.Select(Regex.Escape));
        Means = new Regex(
            $"[{open}]([^{close}\\n]{{2,60}})[{close}]\\s*(?:{verbAlternatives})\\s+([^\\n]*)",
            RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        var openerGroup = openers.Length == 0 ? "" : $"(?:{string.Join('|', openers.Select(o => Regex.Escape(o) + " "))})?";
        var closerGroup = closers.Length == 0 ? "" : $"(?:{string.Join('|', closers.Select(c => " " + Regex.Escape(c)))})?";
        Parenthetical = new Regex(
            $"\\({openerGroup}[{open}]([^{close}\\n]{{2,60}})[{close}]{closerGroup}\\)",
            RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        Quoted = new Regex($"[{open}]([^{close}\\n]{{1,40}})[{close}]", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        _quotes = SearchValues.Create(openingQuotes);
        _verbs = SearchValues.Create(verbs, StringComparison.Ordinal);
    }

    /// <summary>A short quoted term in the pack's quotation marks ('"Cooper AI"', '„Cooper AI“'): group 1 the term.</summary>
    public Regex Quoted { get; }

    /// <summary>The articles that may open a definition before its quoted term ("A “Voice Clone” is a model …").</summary>
    public WordList Articles { get; }

    /// <summary>"“X” means …": group 1 the term, group 2 its definition.</summary>
    public Regex Means { get; }

    /// <summary>"(hereinafter “X”)": group 1 the term; the text before it is its definition.</summary>
    public Regex Parenthetical { get; }

    /// <summary>Cheap guards first: most sentences, even quoted ones, define nothing.</summary>
    public bool MayDefine(string text) => text.AsSpan().IndexOfAny(_quotes) >= 0 && (HasDefiningVerb(text) || text.Contains('('));

    public bool HasDefiningVerb(string text) => text.AsSpan().ContainsAny(_verbs);

    private static string Class(string characters) =>
        string.Concat(characters.Distinct().Select(c => c is '\\' or ']' or '[' or '^' or '-' ? "\\" + c : c.ToString()));
}
