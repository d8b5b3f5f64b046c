using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Findings;
using PolicyLsp.Analysis.Parsing;
using PolicyLsp.Analysis.Regions;
using PolicyLsp.Analysis.Text;

namespace PolicyLsp.Analysis.CarveOuts;

/// <summary>What the document says about the required regions for one clause.</summary>
public sealed record CarveOutResult(
    IReadOnlyList<string> Found,
    IReadOnlyList<string> Missing,
    IReadOnlyList<RelatedLocation> Related,
    bool OutOfScope,
    bool SawAmbiguousEurope);

/// <summary>
/// Looks for a region carve-out from the clause outwards: the document's own scope, an enclosing regional
/// section, the sentence, its paragraph, its section and subsections, then regional sections about the practice.
/// </summary>
public sealed class CarveOutResolver(AnalysisContext context)
{
    private const int ScopeWindow = 8;
    private static readonly List<string> NoRegions = [];
    private static readonly List<Sentence> NoSentences = [];
    private static readonly Tuple<IReadOnlyList<string>, bool> NotCarved = Tuple.Create<IReadOnlyList<string>, bool>(NoRegions, false);

    // Per sentence of the document (most carve nothing and share one answer): an array, not a growing dictionary.
    private readonly Tuple<IReadOnlyList<string>, bool>?[] _carved = new Tuple<IReadOnlyList<string>, bool>?[context.Document.Sentences.Count];
    private readonly Dictionary<(int Section, ClauseFamily Family), bool> _addresses = [];
    private readonly Dictionary<int, List<Sentence>> _blockEvidence = [];
    private readonly Dictionary<int, List<Sentence>> _sectionEvidence = [];
    private List<Section>? _regionalSections;
    private readonly Dictionary<string, (string, List<string>, string)?> _linked = new(StringComparer.Ordinal);

    private RegionFacts Regions => context.Regions;

    public CarveOutResult Resolve(Clause clause)
    {
        var required = context.Config.RequiredRegions;
        var sentence = clause.Sentence;

        if (Regions.Scope is { } scope)
        {
            return Scoped([new RelatedLocation(scope.Span, $"Document scope: {Names(scope.RegionIds)} ({scope.Why})")]);
        }

        if (Regions.EnclosingRegionalSection(sentence.Section) is { } regional)
        {
            return Scoped([new RelatedLocation(regional.HeadingSpan, $"Regional section \"{regional.Title}\" ({Names(Regions.RegionsInHeading(regional))})")]);
        }

        if (ScopedElsewhere(sentence, required))
        {
            return Scoped([]);
        }

        var covered = new List<string>();
        var related = new List<RelatedLocation>();
        var europe = false;
        foreach (var (candidate, label) in Candidates(sentence))
        {
            var (regions, sawEurope) = Carved(candidate);
            europe |= sawEurope;
            if (Absorb(regions, required, covered))
            {
                related.Add(new RelatedLocation(candidate.Span, $"{label} carves out {Names(regions)}"));
                AddDefinitions(regions, related);
            }

            if (covered.Count == required.Count)
            {
                break;
            }
        }

        if (covered.Count < required.Count)
        {
            foreach (var section in _regionalSections ??= Regions.RegionalSections(context.Document).ToList())
            {
                if (!Addresses(section, clause))
                {
                    continue;
                }

                var regions = Regions.RegionsInHeading(section).ToList();
                foreach (var s in SectionEvidence(section))
                {
                    regions.AddRange(Carved(s).Regions);
                }

                if (Absorb(regions, required, covered))
                {
                    related.Add(new RelatedLocation(section.HeadingSpan, $"Regional section \"{section.Title}\" addresses this practice"));
                }
            }
        }

        if (covered.Count < required.Count && context.LinkedDocuments is not null)
        {
            foreach (var (location, regions, why) in LinkedCarveOuts(clause))
            {
                if (Absorb(regions, required, covered))
                {
                    related.Add(new RelatedLocation(new TextSpan(0, 0), $"Linked document {location}: {why} ({Names(regions)})", location));
                }
            }
        }

        var found = required.Where(covered.Contains).ToList();
        var missing = required.Where(r => !covered.Contains(r)).ToList();
        return new CarveOutResult(found, missing, related, false, europe);
    }

    /// <summary>
    /// "Subject to our [European Regional Privacy Notice](eu-notice.md)": a local Markdown document linked from the
    /// clause's paragraph or section counts when it is a regional version (declared scope) or has a regional
    /// section about the same practice.
    /// </summary>
    private IEnumerable<(string Location, List<string> Regions, string Why)> LinkedCarveOuts(Clause clause)
    {
        var targets = clause.Sentence.Block.LinkTargets
            .Concat(clause.Sentence.Section.SelfAndDescendants().SelectMany(s => s.Blocks).SelectMany(b => b.LinkTargets))
            .Where(IsLocalMarkdown)
            .Distinct(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            if (!_linked.TryGetValue(target, out var carved))
            {
                carved = ReadLinked(target, clause);
                _linked[target] = carved;
            }

            if (carved is { } value)
            {
                yield return value;
            }
        }
    }

    private (string, List<string>, string)? ReadLinked(string target, Clause clause)
    {
        var linked = context.LinkedDocuments!(target);
        if (linked is null)
        {
            return null;
        }

        // One level only: the linked document is analysed without following its own links.
        var other = PolicyAnalyzer.Analyze(linked.Text, context.Config);
        if (other.Context.Regions.Scope is { } scope)
        {
            return (linked.Location, scope.RegionIds.ToList(), "a regional version");
        }

        var resolver = other.Context.CarveOutResolver;
        var regions = new List<string>();
        foreach (var section in other.Context.Regions.RegionalSections(other.Document))
        {
            if (resolver.AddressesFamily(section, clause.Family))
            {
                regions.AddRange(other.Context.Regions.RegionsInHeading(section));
            }
        }

        return regions.Count > 0 ? (linked.Location, regions, "a regional section about this practice") : null;
    }

    private static bool IsLocalMarkdown(string target)
    {
        var path = target.Split('#', 2)[0];
        return path.Length > 0 && !path.Contains("://", StringComparison.Ordinal) && !path.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)
            && PolicyLsp.Analysis.Configuration.PolicyFiles.IsMarkdown(path);
    }

    private static CarveOutResult Scoped(IReadOnlyList<RelatedLocation> related) => new([], [], related, true, false);

    /// <summary>The clause, then sentences of its paragraph, then of its section: only those that carve something out.</summary>
    private IEnumerable<(Sentence Sentence, string Label)> Candidates(Sentence clause)
    {
        yield return (clause, "The clause");
        foreach (var s in BlockEvidence(clause.Block))
        {
            if (s != clause)
            {
                yield return (s, "Same paragraph");
            }
        }

        foreach (var s in SectionEvidence(clause.Section))
        {
            if (s.Block != clause.Block)
            {
                yield return (s, "Same section");
            }
        }
    }

    private List<Sentence> BlockEvidence(Block block)
    {
        if (!_blockEvidence.TryGetValue(block.Index, out var list))
        {
            list = block.Sentences.Where(s => Carved(s).Regions.Count > 0).ToList() is { Count: > 0 } carved ? carved : NoSentences;
            _blockEvidence[block.Index] = list;
        }

        return list;
    }

    private List<Sentence> SectionEvidence(Section section)
    {
        if (!_sectionEvidence.TryGetValue(section.Index, out var list))
        {
            list = section.SelfAndDescendants().SelectMany(s => s.Blocks).SelectMany(BlockEvidence).ToList();
            _sectionEvidence[section.Index] = list;
        }

        return list;
    }

    private bool Absorb(IReadOnlyList<string> regions, IReadOnlyList<string> required, List<string> covered)
    {
        var added = false;
        foreach (var r in required)
        {
            if (!covered.Contains(r) && regions.Any(c => context.Catalog.Covers(c, r)))
            {
                covered.Add(r);
                added = true;
            }
        }

        return added;
    }

    /// <summary>Regions a sentence scopes the practice for: a scoped mention plus words of different treatment.</summary>
    public (IReadOnlyList<string> Regions, bool Europe) Carved(Sentence sentence)
    {
        if (_carved[sentence.Index] is { } known)
        {
            return (known.Item1, known.Item2);
        }

        var f = context.Facts(sentence);
        var regions = NoRegions;
        var europe = false;
        var mentions = Regions.Mentions(f);
        if (mentions.Count > 0)
        {
            var treatment = f.Has("carveout.treatmentCues");
            var notCarveOut = f.Find("carveout.notCarveOut");
            var scopes = f.Find("carveout.scopeCues");
            var persons = f.Find("carveout.personNouns");
            foreach (var mention in mentions)
            {
                if (mention.Ambiguous)
                {
                    europe = true;
                    continue;
                }

                var excluded = notCarveOut.Any(n => n.TokenEnd <= mention.TokenStart && mention.TokenStart - n.TokenEnd <= 5);
                var definedTerm = Regions.DefinedTerms.Any(t => ReferenceEquals(t.RegionIds, mention.RegionIds));
                var scoped = definedTerm
                    || scopes.Any(s => s.TokenEnd <= mention.TokenStart && mention.TokenStart - s.TokenEnd <= ScopeWindow)
                    || persons.Any(p => p.TokenStart >= mention.TokenEnd && p.TokenStart - mention.TokenEnd <= 2);
                if (treatment && scoped && !excluded)
                {
                    regions = regions == NoRegions ? [] : regions;
                    regions.AddRange(mention.RegionIds);
                }
            }
        }

        var result = regions.Count == 0 && !europe ? NotCarved : Tuple.Create<IReadOnlyList<string>, bool>(regions, europe);
        _carved[sentence.Index] = result;
        return (result.Item1, result.Item2);
    }

    /// <summary>"California residents can opt out of …": the clause itself is for regions outside the required set.</summary>
    private bool ScopedElsewhere(Sentence sentence, IReadOnlyList<string> required)
    {
        var f = context.Facts(sentence);
        var persons = f.Find("carveout.personNouns");
        var scoped = new List<string>();
        foreach (var mention in Regions.Mentions(f))
        {
            var adjacent = persons.Any(p =>
                (p.TokenStart >= mention.TokenEnd && p.TokenStart - mention.TokenEnd <= 1)
                || (p.TokenEnd <= mention.TokenStart && mention.TokenStart - p.TokenEnd <= 3));
            if (adjacent && !mention.Ambiguous)
            {
                scoped.AddRange(mention.RegionIds);
            }
        }

        return scoped.Count > 0
            && scoped.All(id => !required.Any(r => context.Catalog.Covers(id, r) || context.Catalog.Covers(r, id)));
    }

    private bool Addresses(Section section, Clause clause) => AddressesFamily(section, clause.Family);

    /// <summary>True when a section talks about the practice of a family (AI training, or opting out / defaults).</summary>
    public bool AddressesFamily(Section section, ClauseFamily family)
    {
        var key = (section.Index, family);
        if (_addresses.TryGetValue(key, out var result))
        {
            return result;
        }

        result = false;
        foreach (var block in section.SelfAndDescendants().SelectMany(s => s.Blocks))
        {
            foreach (var s in block.Sentences)
            {
                var f = context.Facts(s);
                result = family == ClauseFamily.AiTraining
                    ? f.Has("ai.specificTerms") || (f.Has("ai.strongVerbs") && f.Has("ai.genericTerms"))
                    : f.Has("carveout.optInPractice") || f.Has("optin.defaultOn") || f.Has("optin.optOut");
                if (result)
                {
                    break;
                }
            }

            if (result)
            {
                break;
            }
        }

        _addresses[key] = result;
        return result;
    }

    private void AddDefinitions(IReadOnlyList<string> regions, List<RelatedLocation> related)
    {
        foreach (var term in Regions.DefinedTerms)
        {
            if (term.RegionIds.All(regions.Contains) && related.All(r => r.Span != term.Span))
            {
                related.Add(new RelatedLocation(term.Span, $"Definition of \"{term.Term}\": {Names(term.RegionIds)}"));
            }
        }
    }

    private string Names(IEnumerable<string> ids) => string.Join(", ", ids.Distinct().Select(context.Catalog.NameOf));
}
