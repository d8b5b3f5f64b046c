using System.Text.RegularExpressions;
using PolicyLsp.Analysis.Parsing;
using PolicyLsp.Analysis.Vocabulary;

namespace PolicyLsp.Analysis.Clauses;

/// <summary>
/// The names a document gives its author where it says who "we" are: 'Cooper Labs, Inc. ("Cooper AI", "we")' names
/// "Cooper Labs, Inc." and "Cooper AI". A word inside such a name is part of a name ("AI" in "Cooper AI may use …" names
/// no AI). Read from the opening paragraphs only, with every count bounded.
/// </summary>
internal static partial class OwnNames
{
    /// <summary>How many paragraphs from the top are read: the self-definition opens a policy.</summary>
    private const int MaxBlocks = 40;

    /// <summary>How much of each paragraph is read: the self-definition opens it, and a huge paragraph costs no more.</summary>
    private const int MaxBlockChars = 4_000;

    /// <summary>How many names are kept.</summary>
    private const int MaxNames = 8;

    /// <summary>How many words a legal name before its bracket may have ("Cooper Labs Holdings, Inc.").</summary>
    private const int MaxNameWords = 6;

    public static string[] Find(PolicyDocument document, TermPack terms)
    {
        var ours = terms["optin.firstParty"];
        var quotes = terms.Grammar.DefinitionPatterns.Quoted;
        var names = new List<string>();
        var blocks = 0;
        foreach (var block in document.Blocks)
        {
            if (names.Count >= MaxNames || blocks >= MaxBlocks)
            {
                break;
            }

            if (block.Kind is not (BlockKind.Paragraph or BlockKind.ListItem))
            {
                continue;
            }

            blocks++;
            var text = block.PlainText.Length > MaxBlockChars ? block.PlainText[..MaxBlockChars] : block.PlainText;
            // 'Cooper Labs, Inc. ("Cooper AI", "we")', and 'The terms "Cooper", "we", "us" and "our" include …': the quoted
            // words for us name us (a bracket's legal name before it too).
            // The legal name is read only for a bracket that names us (-1: a "The terms …" definition has none).
            foreach (var (definition, bracketAt) in Bracket().Matches(text).Select(b => (b.Groups[1].Value, b.Index))
                .Concat(TermsDefinition().Matches(text).Select(t => (t.Groups[1].Value, -1))))
            {
                var quoted = quotes.Matches(definition).Select(q => q.Groups[1].Value.Trim().TrimEnd(',', ';').Trim()).ToList();
                if (!quoted.Exists(q => IsOurs(ours, q)))
                {
                    continue;
                }

                foreach (var name in quoted.Where(q => !IsOurs(ours, q) && IsName(q)).Prepend(bracketAt >= 0 ? LegalNameBefore(text, bracketAt) : ""))
                {
                    if (name.Length > 0 && !names.Contains(name, StringComparer.Ordinal) && names.Count < MaxNames)
                    {
                        names.Add(name);
                    }
                }
            }
        }

        return [.. names];
    }

    /// <summary>The quoted term is a word for us as a whole ("we", "us"; not "US", which the pack matches case by case).</summary>
    private static bool IsOurs(PhraseSet ours, string term)
    {
        var tokens = Tokenizer.Tokenize(term);
        return tokens.Length > 0 && ours.FindAll(tokens).Exists(m => m.TokenStart == 0 && m.TokenEnd == tokens.Length);
    }

    /// <summary>The capitalised words right before the bracket ("Cooper Labs, Inc."), or empty.</summary>
    private static string LegalNameBefore(string text, int bracket)
    {
        var words = text[..bracket].TrimEnd().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var start = words.Length;
        while (start > 0 && words.Length - start < MaxNameWords && words[start - 1].Length > 0 && char.IsUpper(words[start - 1][0]))
        {
            start--;
        }

        return start == words.Length ? "" : string.Join(' ', words[start..]).TrimEnd(',');
    }

    /// <summary>A name opens with a capital or a digit and is short ("Cooper AI", "Copy.ai", "37signals"; not "the Services").</summary>
    private static bool IsName(string term) => term.Length is > 1 and <= 40 && (char.IsUpper(term[0]) || char.IsDigit(term[0]));

    /// <summary>Whether the token at <paramref name="tokenStart"/> lies inside an occurrence of one of <paramref name="names"/> in the sentence.</summary>
    public static bool Inside(SentenceFacts f, IReadOnlyList<string> names, int tokenStart)
    {
        var text = f.Sentence.Text;
        var at = f.Tokens[tokenStart].Start;
        foreach (var name in names)
        {
            for (var i = text.IndexOf(name, StringComparison.Ordinal); i >= 0; i = text.IndexOf(name, i + 1, StringComparison.Ordinal))
            {
                if (i <= at && at < i + name.Length)
                {
                    return true;
                }
            }
        }

        return false;
    }

    [GeneratedRegex(@"\(([^()\n]{1,200})\)")]
    private static partial Regex Bracket();

    /// <summary>'The terms "Meetup," "we," "us," and "our" …': two to six quoted words after "the terms", "the words" or "the names".</summary>
    [GeneratedRegex(@"\b[Tt]he (?:terms|words|names) ((?:[\u201C""][^\u201D""\n]{1,40}[\u201D""][,;]?\s{0,3}(?:and |or )?){2,6})")]
    private static partial Regex TermsDefinition();
}
