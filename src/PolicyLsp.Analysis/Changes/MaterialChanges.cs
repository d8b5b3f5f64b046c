using System.Text;
using DiffPlex;
using DiffPlex.Chunkers;
using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Findings;
using PolicyLsp.Analysis.Parsing;
using PolicyLsp.Analysis.Text;

namespace PolicyLsp.Analysis.Changes;

/// <summary>What kind of material change a new version makes (the PL3xx rules).</summary>
public enum ChangeKind
{
    /// <summary>PL301: an AI-training clause with no counterpart before, or a data use whose purpose now includes training.</summary>
    NewAiTraining,

    /// <summary>PL302: a default-opt-in clause with no counterpart before, or a practice that moved from consent to on by default.</summary>
    NewDefaultOptIn,

    /// <summary>PL303: a clause whose carved-out regions shrank.</summary>
    CarveOutNarrowed,

    /// <summary>PL304: a clause that had a plain-language disclosure and lost it.</summary>
    DisclosureRemoved,

    /// <summary>PL305: any of the above while the document's effective or last-updated date stayed the same.</summary>
    ChangedWithoutNewDate,
}

/// <summary>
/// One material change: where it is in the new version (<see cref="Span"/>), what changed in words a reviewer reads,
/// and the earlier clause or sentence it was matched with (null for a clause with no counterpart).
/// </summary>
public sealed record MaterialChange(ChangeKind Kind, TextSpan Span, string What, TextSpan? OldSpan, string? OldText);

/// <summary>
/// Compares two versions of a policy clause by clause, with the same engine and contract as <c>check</c>. Clauses are
/// matched by content, never by line: a sentence of the new version is the same as one of the old when its text is
/// the same once case, spacing and punctuation are set aside (a move), or when most of its content words are (a
/// re-wording, a split paragraph, an added purpose). A clause that keeps its practice, its carved-out regions and its
/// plain-language disclosure is no change, however it moved or was re-worded.
/// </summary>
public static class MaterialChanges
{
    /// <summary>A re-worded sentence: the share of the words of both that they have in common (Jaccard).</summary>
    private const double SameSentence = 0.6;

    /// <summary>A sentence taken from a longer one (a split, a shortened list): the share of its words found in the old one.</summary>
    private const double ContainedSentence = 0.8;

    /// <summary>A re-worded clause of the same family: the share of content words in common with an old clause left unmatched.</summary>
    private const double SamePractice = 0.3;

    /// <summary>Content words compared per sentence (longer sentences are cut: matching stays linear in their length).</summary>
    private const int MaxWordsPerSentence = 200;

    public static IReadOnlyList<MaterialChange> Compare(AnalysisResult old, AnalysisResult current) => Compare(old.Context, current.Context);

    internal static IReadOnlyList<MaterialChange> Compare(AnalysisContext old, AnalysisContext current)
    {
        var oldSentences = old.Document.Sentences;
        var byText = new Dictionary<string, List<Sentence>>(StringComparer.Ordinal);
        foreach (var sentence in oldSentences)
        {
            var key = Normalize(sentence.Text);
            if (key.Length > 0)
            {
                (byText.TryGetValue(key, out var list) ? list : byText[key] = []).Add(sentence);
            }
        }

        var oldWords = oldSentences.Select(s => ContentWords(s.Text)).ToArray();
        var oldClauses = old.StatedClauses.ToLookup(c => (c.Sentence.Index, c.Family));
        var unmatchedOldClauses = old.StatedClauses.ToList();
        var changes = new List<MaterialChange>();
        var currentWords = new Lazy<HashSet<string>[]>(() => current.Document.Sentences.Select(s => ContentWords(s.Text)).ToArray());

        // Exact matches first, so a moved clause claims its old self before a look-alike re-wording can.
        var pending = new List<Clause>();
        foreach (var clause in current.StatedClauses)
        {
            if (byText.TryGetValue(Normalize(clause.Sentence.Text), out var same) && same.Count > 0)
            {
                Compare(clause, same[0], old, current, oldClauses, unmatchedOldClauses, changes, currentWords);
            }
            else
            {
                pending.Add(clause);
            }
        }

        foreach (var clause in pending)
        {
            var words = ContentWords(clause.Sentence.Text);
            var match = BestMatch(words, oldSentences, oldWords);
            if (match is not null)
            {
                Compare(clause, match, old, current, oldClauses, unmatchedOldClauses, changes, currentWords);
                continue;
            }

            // Re-worded beyond recognition as a sentence, but the same practice: an old clause of the family, still
            // unmatched, about the same things.
            var reworded = unmatchedOldClauses
                .Where(c => c.Family == clause.Family)
                .Select(c => (Clause: c, Score: Jaccard(words, ContentWords(c.Sentence.Text))))
                .Where(c => c.Score >= SamePractice)
                .OrderByDescending(c => c.Score)
                .Select(c => c.Clause)
                .FirstOrDefault();
            if (reworded is not null)
            {
                Compare(clause, reworded.Sentence, old, current, oldClauses, unmatchedOldClauses, changes, currentWords);
                continue;
            }

            changes.Add(new MaterialChange(
                clause.Family == ClauseFamily.AiTraining ? ChangeKind.NewAiTraining : ChangeKind.NewDefaultOptIn,
                clause.Sentence.Span,
                clause.Family == ClauseFamily.AiTraining
                    ? $"new AI-training clause ({Quote(clause.Triggers)}); the earlier version has nothing like it"
                    : $"new default-opt-in clause ({Quote(clause.Triggers)}); the earlier version has nothing like it",
                null,
                null));
        }

        // A silent update is a change to a policy that existed: a new file has no earlier date to keep.
        if (changes.Count > 0 && old.Document.Sentences.Count > 0 && EffectiveDate.Of(old.Document) is var before && EffectiveDate.Of(current.Document) is var after
            && string.Equals(before?.Value, after?.Value, StringComparison.OrdinalIgnoreCase))
        {
            var count = changes.Count == 1 ? "1 material change" : $"{changes.Count} material changes";
            var what = after is null
                ? $"{count}, and neither version states an effective or last-updated date"
                : $"{count}, but the date is still \"{after.Value}\"";
            changes.Add(new MaterialChange(ChangeKind.ChangedWithoutNewDate, after?.Span ?? FirstLine(current), what, before?.Span, before?.Value));
        }

        return changes;
    }

    /// <summary>A clause and the old sentence it was matched with: what it gained or lost.</summary>
    private static void Compare(
        Clause clause,
        Sentence oldSentence,
        AnalysisContext old,
        AnalysisContext current,
        ILookup<(int, ClauseFamily), Clause> oldClauses,
        List<Clause> unmatchedOldClauses,
        List<MaterialChange> changes,
        Lazy<HashSet<string>[]> currentWords)
    {
        var before = oldClauses[(oldSentence.Index, clause.Family)].FirstOrDefault();
        if (before is null)
        {
            if (OnlySpellingChanged(oldSentence.Text, clause.Sentence.Text))
            {
                // A corrected misspelling or new punctuation: the practice is the one the old sentence stated.
                return;
            }

            // The same sentence, now a clause: a purpose added to a data use, or a consent turned into a default.
            var added = AddedWords(oldSentence.Text, clause.Sentence.Text);
            var what = clause.Family == ClauseFamily.AiTraining
                ? $"purpose now includes: {added}"
                : old.Facts(oldSentence).Has("gate.consent")
                    ? $"moved from consent to on by default: {added}"
                    : $"now on by default: {added}";
            changes.Add(new MaterialChange(
                clause.Family == ClauseFamily.AiTraining ? ChangeKind.NewAiTraining : ChangeKind.NewDefaultOptIn,
                clause.Sentence.Span,
                what,
                oldSentence.Span,
                oldSentence.Text));
            return;
        }

        unmatchedOldClauses.Remove(before);
        var covered = Covered(old, before);
        var lost = covered.Except(Covered(current, clause), StringComparer.OrdinalIgnoreCase).ToList();
        if (lost.Count > 0)
        {
            changes.Add(new MaterialChange(
                ChangeKind.CarveOutNarrowed,
                clause.Sentence.Span,
                $"regions no longer carved out: {string.Join(", ", lost.Select(current.Catalog.NameOf))}",
                before.Sentence.Span,
                before.Sentence.Text));
        }

        // Removed, not re-judged: the disclosure the old version had is no longer in the new one (the same sentences in a
        // new layout, or lightly re-worded, are still there for the reader).
        if (old.PlainLanguage.Evaluate(before) is { Passes: true } disclosure
            && !current.PlainLanguage.Evaluate(clause).Passes
            && !StillPresent(old, disclosure.Span, current, currentWords))
        {
            changes.Add(new MaterialChange(
                ChangeKind.DisclosureRemoved,
                clause.Sentence.Span,
                "the plain-language disclosure of this practice is gone",
                before.Sentence.Span,
                before.Sentence.Text));
        }
    }

    /// <summary>
    /// Whether an old disclosure is still in the new version: its text is (case, spacing and punctuation aside), or most
    /// of its sentences have a counterpart there (moved or re-worded, as clauses are matched).
    /// </summary>
    private static bool StillPresent(AnalysisContext old, TextSpan? span, AnalysisContext current, Lazy<HashSet<string>[]> currentWords)
    {
        if (span is not { Length: > 0 } disclosure)
        {
            return false;
        }

        var text = Normalize(old.Document.Source.Slice(disclosure));
        if (text.Length > 0 && Normalize(current.Document.Source.Text).Contains(text, StringComparison.Ordinal))
        {
            return true;
        }

        var sentences = old.Document.Sentences.Where(s => s.Span.Start < disclosure.End && s.Span.End > disclosure.Start).ToList();
        var kept = sentences.Count(s => BestMatch(ContentWords(s.Text), current.Document.Sentences, currentWords.Value) is not null);
        return sentences.Count > 0 && kept * 2 > sentences.Count;
    }

    /// <summary>The regions a clause's practice is carved out for (every required region when the document is out of their scope).</summary>
    private static IReadOnlyList<string> Covered(AnalysisContext context, Clause clause)
    {
        var carveOut = context.CarveOut(clause);
        return carveOut.OutOfScope ? context.Config.RequiredRegions : carveOut.Found;
    }

    /// <summary>The old sentence most like <paramref name="words"/>, when it is close enough to be the same sentence.</summary>
    private static Sentence? BestMatch(HashSet<string> words, IReadOnlyList<Sentence> sentences, HashSet<string>[] sentenceWords)
    {
        if (words.Count == 0)
        {
            return null;
        }

        Sentence? best = null;
        var bestScore = 0.0;
        for (var i = 0; i < sentences.Count; i++)
        {
            var other = sentenceWords[i];
            if (other.Count == 0)
            {
                continue;
            }

            var common = words.Count(other.Contains);
            var jaccard = common / (double)(words.Count + other.Count - common);
            var contained = common / (double)words.Count;
            var score = Math.Max(jaccard / SameSentence, contained / ContainedSentence);
            if (score >= 1 && score > bestScore)
            {
                (best, bestScore) = (sentences[i], score);
            }
        }

        return best;
    }

    /// <summary>The words the new wording adds, in order ("and train AI models"), from a word-level diff.</summary>
    internal static string AddedWords(string oldText, string newText)
    {
        var diff = Differ.Instance.CreateDiffs(oldText, newText, ignoreWhiteSpace: true, ignoreCase: true, new WordChunker());
        var added = new StringBuilder();
        foreach (var block in diff.DiffBlocks)
        {
            var piece = string.Join(' ', diff.PiecesNew.Skip(block.InsertStartB).Take(block.InsertCountB).Select(p => p.Trim()).Where(p => p.Length > 0));
            if (piece.Length > 0)
            {
                added.Append(added.Length > 0 ? " … " : string.Empty).Append(piece);
            }
        }

        var text = added.Length > 0 ? added.ToString() : newText;
        return text.Length > 120 ? text[..119] + "…" : text;
    }

    /// <summary>Words whose change is never a spelling fix: they turn a practice on or off.</summary>
    private static readonly HashSet<string> Pivots = new(StringComparer.Ordinal)
    {
        "not", "never", "ever", "no", "now", "only", "unless", "without", "except", "opt", "in", "out", "consent", "content",
    };

    /// <summary>
    /// True when the new wording differs from the old only by punctuation and corrected misspellings: every word it
    /// adds replaces a removed word of five letters or more that is at most two edits away.
    /// </summary>
    internal static bool OnlySpellingChanged(string oldText, string newText)
    {
        var removed = Normalize(oldText).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var added = new List<string>();
        foreach (var word in Normalize(newText).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!removed.Remove(word))
            {
                added.Add(word);
            }
        }

        if (added.Count != removed.Count || added.Count > 3)
        {
            return false;
        }

        foreach (var word in added)
        {
            var fix = removed.FirstOrDefault(r => r.Length >= 5 && word.Length >= 5 && !Pivots.Contains(r) && !Pivots.Contains(word) && EditDistance(r, word) <= 2);
            if (fix is null)
            {
                return false;
            }

            removed.Remove(fix);
        }

        return true;
    }

    private static int EditDistance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 2)
        {
            return 3;
        }

        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var row = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                row[j] = Math.Min(Math.Min(row[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, row) = (row, previous);
        }

        return previous[b.Length];
    }

    private static string Quote(IReadOnlyList<string> triggers) => string.Join(", ", triggers.Take(3).Select(t => $"\"{t}\""));

    /// <summary>Lower case, letters and digits only, single spaces: a moved sentence keeps this.</summary>
    internal static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (space && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                builder.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else
            {
                space = true;
            }
        }

        return builder.ToString();
    }

    /// <summary>The words of a sentence longer than three letters, lower-cased, at most <see cref="MaxWordsPerSentence"/>.</summary>
    private static HashSet<string> ContentWords(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.Length > 3 && words.Add(word) && words.Count >= MaxWordsPerSentence)
            {
                break;
            }
        }

        return words;
    }

    private static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var common = a.Count(b.Contains);
        return common / (double)(a.Count + b.Count - common);
    }

    private static TextSpan FirstLine(AnalysisContext context) =>
        new(0, context.Document.Source.LineCount > 0 ? context.Document.Source.LineEnd(0) : 0);
}
