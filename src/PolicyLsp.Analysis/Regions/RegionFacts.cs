using System.Text.RegularExpressions;
using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Parsing;
using PolicyLsp.Analysis.Text;
using PolicyLsp.Analysis.Vocabulary;

namespace PolicyLsp.Analysis.Regions;

/// <summary>A term the document defines as a set of regions: "“Designated Countries” means the EU, the EEA and Switzerland".</summary>
public sealed record DefinedRegionTerm(string Term, IReadOnlyList<string> RegionIds, TextSpan Span);

/// <summary>The regions a document as a whole declares it is for (front matter or opening sentence).</summary>
public sealed record DocumentScope(IReadOnlyList<string> RegionIds, TextSpan Span, string Why);

/// <summary>Document-wide region knowledge: defined terms, the document's own scope, regional sections.</summary>
internal sealed class RegionFacts
{
    private readonly RegionCatalog _catalog;
    private readonly Dictionary<int, IReadOnlyList<string>> _sectionRegions = [];

    public RegionFacts(PolicyDocument document, RegionCatalog catalog, TermPack terms, Func<Sentence, SentenceFacts> facts)
    {
        _catalog = catalog;
        DefinedTerms = FindDefinitions(document, catalog, terms.Grammar.DefinitionPatterns, facts);
        TermSet = new PhraseSet();
        foreach (var term in DefinedTerms)
        {
            // "Designated Countries" is also read as "Designated Country…" in the singular, and a singular in the plural.
            TermSet.Add(term.Term, term.RegionIds);
            if (terms.Grammar.Singular(term.Term) is var singular && singular.Length < term.Term.Length)
            {
                TermSet.Add(singular, term.RegionIds);
            }
            else
            {
                foreach (var ending in terms.Grammar.PluralEndings)
                {
                    TermSet.Add(term.Term + ending, term.RegionIds);
                }
            }
        }

        foreach (var section in document.Sections)
        {
            if (section.Level > 0)
            {
                var tokens = section.TitleTokens;
                if (terms["regions.nonScopingHeadings"].Any(tokens))
                {
                    continue;
                }

                var ids = catalog.FindMentions(tokens, TermSet).Where(m => !m.Ambiguous).SelectMany(m => m.RegionIds).Distinct().ToList();
                if (ids.Count > 0)
                {
                    _sectionRegions[section.Index] = ids;
                }
            }
        }

        Scope = FindDocumentScope(document, catalog, facts);
    }

    public IReadOnlyList<DefinedRegionTerm> DefinedTerms { get; }

    /// <summary>The defined terms as phrases tagged with their regions, for mention finding.</summary>
    public PhraseSet TermSet { get; }

    public DocumentScope? Scope { get; }

    /// <summary>Regions named in a section's own heading (empty if none).</summary>
    public IReadOnlyList<string> RegionsInHeading(Section section) =>
        _sectionRegions.TryGetValue(section.Index, out var ids) ? ids : [];

    /// <summary>The nearest enclosing section (or itself) whose heading names a region.</summary>
    public Section? EnclosingRegionalSection(Section section) =>
        section.SelfAndAncestors().FirstOrDefault(s => _sectionRegions.ContainsKey(s.Index));

    public IEnumerable<Section> RegionalSections(PolicyDocument document) =>
        document.Sections.Where(s => _sectionRegions.ContainsKey(s.Index));

    public IReadOnlyList<RegionMention> Mentions(SentenceFacts sentence) =>
        TermSet.Count == 0 || !TermSet.Any(sentence.Tokens) ? sentence.CatalogMentions(_catalog) : _catalog.FindMentions(sentence.Tokens, TermSet);

    public DefinedRegionTerm? DefinitionFor(IReadOnlyList<string> regionIds) =>
        DefinedTerms.FirstOrDefault(t => ReferenceEquals(t.RegionIds, regionIds));

    private static List<DefinedRegionTerm> FindDefinitions(
        PolicyDocument document, RegionCatalog catalog, DefinitionPatterns patterns, Func<Sentence, SentenceFacts> facts)
    {
        var terms = new List<DefinedRegionTerm>();
        foreach (var sentence in document.Sentences)
        {
            if (!patterns.MayDefine(sentence.Text))
            {
                continue;
            }

            foreach (var (term, definition) in facts(sentence).Definitions)
            {
                AddTerm(terms, catalog, sentence, term, definition);
            }
        }

        return terms;
    }

    /// <summary>The quoted terms a text defines and the text that defines each (its regions are read by the caller).</summary>
    internal static IReadOnlyList<(string Term, string Definition)> ReadDefinitions(string text, DefinitionPatterns patterns)
    {
        if (!patterns.MayDefine(text))
        {
            return [];
        }

        var found = new List<(string, string)>();
        if (patterns.HasDefiningVerb(text))
        {
            foreach (Match match in patterns.Means.Matches(text))
            {
                found.Add((match.Groups[1].Value, match.Groups[2].Value));
            }
        }

        if (text.Contains('('))
        {
            foreach (Match match in patterns.Parenthetical.Matches(text))
            {
                found.Add((match.Groups[1].Value, text[..match.Index]));
            }
        }

        return found.Count == 0 ? [] : found;
    }

    private static void AddTerm(List<DefinedRegionTerm> terms, RegionCatalog catalog, Sentence sentence, string term, string definition)
    {
        var ids = catalog.FindMentions(Tokenizer.Tokenize(definition), null)
            .Where(m => !m.Ambiguous)
            .SelectMany(m => m.RegionIds)
            .Distinct()
            .ToList();
        if (ids.Count > 0 && terms.All(t => !string.Equals(t.Term, term, StringComparison.OrdinalIgnoreCase)))
        {
            terms.Add(new DefinedRegionTerm(term.Trim(), ids, sentence.Span));
        }
    }

    /// <summary>Whether a link of the sentence's block starts inside the sentence.</summary>
    private static bool HasLink(Sentence sentence) =>
        sentence.Block.LinkSpans.Any(l => l.Start >= sentence.Span.Start && l.Start < sentence.Span.End);

    private DocumentScope? FindDocumentScope(PolicyDocument document, RegionCatalog catalog, Func<Sentence, SentenceFacts> facts)
    {
        var declared = document.FrontMatter.GetStrings("applies_to", "applies-to", "appliesTo", "jurisdiction", "jurisdictions");
        if (declared.Count > 0)
        {
            var ids = declared.Select(catalog.Resolve).OfType<string>().Distinct().ToList();
            if (ids.Count > 0)
            {
                return new DocumentScope(ids, document.FrontMatter.Span ?? new TextSpan(0, 0), "front matter declares the regions this document applies to");
            }
        }

        // The opening of the document: its first few blocks.
        foreach (var block in document.Blocks.Take(4))
        {
            foreach (var sentence in block.Sentences)
            {
                var f = facts(sentence);
                // "This notice applies only to …", "If you are outside the EEA, UK or Switzerland, see our global policy";
                // not "If you reside in the EU, we ask first" (a carve-out) or "… see our regional disclosures"
                // (a pointer that limits nothing): a condition on the reader counts only in a sentence about the document.
                var aboutDocument = f.Has("scope.documentNouns");
                // "This notice applies only to residents of …" declares the scope itself ("applies" is no treatment of a
                // practice here), unless it links to another document ("Do you live in California? Our [California
                // statement] supplements this policy."); a condition on the reader must not also describe a treatment.
                var scoped = f.Has("scope.elsewhere")
                    || (f.Has("scope.document") && aboutDocument && (!f.Has("carveout.treatmentCues") || !HasLink(sentence)))
                    || (f.Has("scope.condition") && aboutDocument && !f.Has("carveout.treatmentCues"));
                if (!scoped || f.Has("carveout.notCarveOut"))
                {
                    continue;
                }

                var ids = Mentions(f).Where(m => !m.Ambiguous).SelectMany(m => m.RegionIds).Distinct().ToList();
                if (ids.Count > 0)
                {
                    return new DocumentScope(ids, sentence.Span, "the opening sentence limits the document to these regions");
                }
            }
        }

        return null;
    }
}
