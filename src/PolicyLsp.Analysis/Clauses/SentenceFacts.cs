using PolicyLsp.Analysis.Parsing;
using PolicyLsp.Analysis.Vocabulary;

namespace PolicyLsp.Analysis.Clauses;

/// <summary>A sentence's words and the vocabulary phrases found in them, computed once per analysis.</summary>
public sealed class SentenceFacts
{
    private readonly Dictionary<string, List<PhraseMatch>> _matches = new(StringComparer.Ordinal);
    private readonly TermPack _terms;

    internal SentenceFacts(Sentence sentence, TermPack terms)
    {
        Sentence = sentence;
        _terms = terms;
        Tokens = Tokenizer.Tokenize(sentence.Text);
    }

    public Sentence Sentence { get; }

    public Token[] Tokens { get; }

    public List<PhraseMatch> Find(string set)
    {
        if (!_matches.TryGetValue(set, out var found))
        {
            found = _terms[set].FindAll(Tokens);
            _matches[set] = found;
        }

        return found;
    }

    public bool Has(string set) => Find(set).Count > 0;

    /// <summary>The words a match covers, as written.</summary>
    public string TextOf(PhraseMatch match) =>
        Sentence.Text[Tokens[match.TokenStart].Start..Tokens[match.TokenEnd - 1].End];

    /// <summary>The text between two token positions, to look for clause breaks.</summary>
    public ReadOnlySpan<char> Between(int tokenEnd, int tokenStart)
    {
        if (tokenEnd <= 0 || tokenStart >= Tokens.Length || tokenEnd > tokenStart)
        {
            return [];
        }

        var from = Tokens[tokenEnd - 1].End;
        var to = Tokens[tokenStart].Start;
        return to > from ? Sentence.Text.AsSpan(from, to - from) : [];
    }
}
