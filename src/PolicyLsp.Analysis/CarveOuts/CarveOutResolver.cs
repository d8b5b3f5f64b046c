using System.Runtime.CompilerServices;
using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Findings;
using PolicyLsp.Analysis.Parsing;
using PolicyLsp.Analysis.Regions;
using PolicyLsp.Analysis.Rules;
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
internal sealed class CarveOutResolver(AnalysisContext context)
{
    private const int ScopeWindow = 8;
    private static readonly List<string> NoRegions = [];
    private static readonly List<Sentence> NoSentences = [];
    private static readonly Tuple<IReadOnlyList<string>, bool> NotCarved = Tuple.Create<IReadOnlyList<string>, bool>(NoRegions, false);

    // What a linked document carves out, per instance the front end hands out (the same while its file is unchanged)
    // and per term pack: one analysis per linked document, shared by every analysis that links to it.
    private static readonly ConditionalWeakTable<LinkedDocument, ConditionalWeakTable<Vocabulary.TermPack, LinkedCarveOuts>> LinkedAnalyses = new();

    // Per sentence of the document (most carve nothing and share one answer): an array, not a growing dictionary.
    private readonly Tuple<IReadOnlyList<string>, bool>?[] _carved = new Tuple<IReadOnlyList<string>, bool>?[context.Document.Sentences.Count];
    private readonly Dictionary<(int Section, ClauseFamily Family), bool> _addresses = [];
    private readonly Dictionary<int, List<Sentence>> _blockEvidence = [];
    private readonly Dictionary<int, List<Sentence>> _sectionEvidence = [];
    private readonly Dictionary<int, Chain> _blockChains = [];
    private readonly Dictionary<int, Chain> _sectionChains = [];
    private readonly Dictionary<ClauseFamily, Chain> _regionalChains = [];
    private readonly Dictionary<(int Section, ClauseFamily Family), Chain> _linkedChains = [];
    private readonly Dictionary<(int Block, ClauseFamily Family), Chain> _blockLinkedChains = [];
    private readonly Dictionary<int, List<string>> _sectionLinks = [];
    private readonly Dictionary<string, LinkedDocument?> _resolved = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LinkedCarveOuts> _linkedByLocation = new(StringComparer.Ordinal);

    private RegionFacts Regions => context.Regions;

    /// <summary>Linked documents this resolver analysed itself (not taken from an earlier analysis).</summary>
    internal int LinkedDocumentsAnalysed { get; private set; }

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

        // The clause, then sentences of its paragraph, then of its section: only those that carve something out.
        var covered = new List<string>();
        var related = new List<RelatedLocation>();
        var (regions, europe) = Carved(sentence);
        if (Absorb(regions, required, covered))
        {
            related.Add(new RelatedLocation(sentence.Span, $"The clause carves out {Names(regions)}"));
            AddDefinitions(regions, related);
        }

        if (covered.Count < required.Count)
        {
            var stop = Read(BlockChain(sentence.Block), covered, related);
            europe |= BlockChain(sentence.Block).EuropeAt <= stop;
            if (covered.Count < required.Count)
            {
                stop = Read(SectionChain(sentence.Section), covered, related);
                europe |= SectionChain(sentence.Section).EuropeAt <= stop;
            }
        }

        if (covered.Count < required.Count)
        {
            Read(RegionalChain(clause.Family), covered, related);
        }

        if (covered.Count < required.Count && context.LinkedDocuments is not null)
        {
            Read(BlockLinkedChain(sentence.Block, clause.Family), covered, related);
            Read(SectionLinkedChain(sentence.Section, clause.Family), covered, related);
        }

        var found = required.Where(covered.Contains).ToList();
        var missing = required.Where(r => !covered.Contains(r)).ToList();
        return new CarveOutResult(found, missing, related, false, europe);
    }

    /// <summary>
    /// Carve-outs in the order they are considered, indexed by the first that covers each required region. Reading
    /// them in order, only those firsts can add a region; so a clause reads just those, not the whole paragraph or
    /// section, and a section of thousands of clauses costs each clause the same.
    /// </summary>
    private sealed class Chain
    {
        public static readonly Chain Empty = new([], []);

        public Chain(List<(IReadOnlyList<string> Regions, RelatedLocation Related, bool Definitions, bool Europe)> items, IReadOnlyList<string> required, Func<string, string, bool>? covers = null)
        {
            Items = items;
            FirstCovering = new int[required.Count];
            for (var r = 0; r < required.Count; r++)
            {
                FirstCovering[r] = items.FindIndex(item => item.Regions.Any(c => covers!(c, required[r])));
            }

            var europe = items.FindIndex(item => item.Europe);
            EuropeAt = europe < 0 ? int.MaxValue : europe;
        }

        private Chain(List<(IReadOnlyList<string>, RelatedLocation, bool, bool)> items, int[] firstCovering)
        {
            Items = items;
            FirstCovering = firstCovering;
            EuropeAt = int.MaxValue;
        }

        public List<(IReadOnlyList<string> Regions, RelatedLocation Related, bool Definitions, bool Europe)> Items { get; }

        /// <summary>Per required region, the first item that covers it, or -1.</summary>
        public int[] FirstCovering { get; }

        /// <summary>The first item that names "Europe" ambiguously, or int.MaxValue.</summary>
        public int EuropeAt { get; }
    }

    /// <summary>
    /// Absorbs the chain's items in order, as if each were read, and returns the position of the item after which every
    /// required region was covered (the reading would stop there), or the last position.
    /// </summary>
    private int Read(Chain chain, List<string> covered, List<RelatedLocation> related)
    {
        var required = context.Config.RequiredRegions;
        var adding = new List<int>(required.Count);
        for (var r = 0; r < required.Count; r++)
        {
            if (chain.FirstCovering.Length == required.Count && chain.FirstCovering[r] >= 0 && !covered.Contains(required[r]))
            {
                adding.Add(chain.FirstCovering[r]);
            }
        }

        adding.Sort();
        var previous = -1;
        foreach (var position in adding)
        {
            if (position == previous)
            {
                continue;
            }

            previous = position;
            var (regions, location, definitions, _) = chain.Items[position];
            if (Absorb(regions, required, covered))
            {
                related.Add(location);
                if (definitions)
                {
                    AddDefinitions(regions, related);
                }
            }

            if (covered.Count == required.Count)
            {
                return position;
            }
        }

        return chain.Items.Count - 1;
    }

    private Chain NewChain(List<(IReadOnlyList<string>, RelatedLocation, bool, bool)> items) =>
        items.Count == 0 ? Chain.Empty : new Chain(items, context.Config.RequiredRegions, context.Catalog.Covers);

    private Chain SentenceChain(List<Sentence> sentences, string label)
    {
        var items = new List<(IReadOnlyList<string>, RelatedLocation, bool, bool)>(sentences.Count);
        foreach (var s in sentences)
        {
            var (regions, europe) = Carved(s);
            items.Add((regions, new RelatedLocation(s.Span, $"{label} carves out {Names(regions)}"), true, europe));
        }

        return NewChain(items);
    }

    /// <summary>The paragraph's carve-outs (the clause among them adds nothing: it was read first).</summary>
    private Chain BlockChain(Block block)
    {
        if (!_blockChains.TryGetValue(block.Index, out var chain))
        {
            _blockChains[block.Index] = chain = SentenceChain(BlockEvidence(block), "Same paragraph");
        }

        return chain;
    }

    /// <summary>The section's carve-outs (those of the clause's own paragraph add nothing: they were read before).</summary>
    private Chain SectionChain(Section section)
    {
        if (!_sectionChains.TryGetValue(section.Index, out var chain))
        {
            _sectionChains[section.Index] = chain = SentenceChain(SectionEvidence(section), "Same section");
        }

        return chain;
    }

    /// <summary>Regional sections about the practice, with the regions of their heading and their carve-outs.</summary>
    private Chain RegionalChain(ClauseFamily family)
    {
        if (!_regionalChains.TryGetValue(family, out var chain))
        {
            var items = new List<(IReadOnlyList<string>, RelatedLocation, bool, bool)>();
            foreach (var section in Regions.RegionalSections(context.Document))
            {
                if (!AddressesFamily(section, family))
                {
                    continue;
                }

                var regions = Regions.RegionsInHeading(section).ToList();
                foreach (var s in SectionEvidence(section))
                {
                    regions.AddRange(Carved(s).Regions);
                }

                items.Add((regions, new RelatedLocation(section.HeadingSpan, $"Regional section \"{section.Title}\" addresses this practice"), false, false));
            }

            _regionalChains[family] = chain = NewChain(items);
        }

        return chain;
    }

    /// <summary>
    /// "Subject to our [European Regional Privacy Notice](eu-notice.md)": a local Markdown document linked from the
    /// clause's paragraph or section counts when it is a regional version (declared scope) or has a regional
    /// section about the same practice. The paragraph's links are read first, then the section's.
    /// </summary>
    private Chain BlockLinkedChain(Block block, ClauseFamily family)
    {
        if (!_blockLinkedChains.TryGetValue((block.Index, family), out var chain))
        {
            _blockLinkedChains[(block.Index, family)] = chain = LinkedChain(block.LinkTargets.Where(IsLocalMarkdown).Distinct(StringComparer.Ordinal), family);
        }

        return chain;
    }

    private Chain SectionLinkedChain(Section section, ClauseFamily family)
    {
        if (!_linkedChains.TryGetValue((section.Index, family), out var chain))
        {
            if (!_sectionLinks.TryGetValue(section.Index, out var targets))
            {
                targets = section.SelfAndDescendants().SelectMany(s => s.Blocks).SelectMany(b => b.LinkTargets)
                    .Where(IsLocalMarkdown).Distinct(StringComparer.Ordinal).ToList();
                _sectionLinks[section.Index] = targets;
            }

            _linkedChains[(section.Index, family)] = chain = LinkedChain(targets, family);
        }

        return chain;
    }

    private Chain LinkedChain(IEnumerable<string> targets, ClauseFamily family)
    {
        var items = new List<(IReadOnlyList<string>, RelatedLocation, bool, bool)>();
        foreach (var target in targets)
        {
            if (Linked(target)?.For(family) is { } carved)
            {
                items.Add((carved.Regions, new RelatedLocation(new TextSpan(0, 0), $"Linked document {carved.Location}: {carved.Why} ({Names(carved.Regions)})", carved.Location), false, false));
            }
        }

        return NewChain(items);
    }

    /// <summary>What the document a link leads to carves out: the front end is asked once per target, and each document is analysed once.</summary>
    private LinkedCarveOuts? Linked(string target)
    {
        if (!_resolved.TryGetValue(target, out var linked))
        {
            _resolved[target] = linked = context.LinkedDocuments!(target);
        }

        if (linked is null)
        {
            return null;
        }

        // Links to one file with different fragments ("eu.md#a", "eu.md#b") share its analysis.
        if (!_linkedByLocation.TryGetValue(linked.Location, out var carved))
        {
            var byTerms = LinkedAnalyses.GetOrCreateValue(linked);
            if (!byTerms.TryGetValue(context.Terms, out carved))
            {
                carved = LinkedCarveOuts.Analyse(linked, context.Config);
                LinkedDocumentsAnalysed++;
                byTerms.AddOrUpdate(context.Terms, carved);
            }

            _linkedByLocation[linked.Location] = carved;
        }

        return carved;
    }

    /// <summary>What a linked document carves out for each family of clauses, in the order of <see cref="FamilyDescriptor.All"/>.</summary>
    private sealed record LinkedCarveOuts(IReadOnlyList<(string Location, List<string> Regions, string Why)?> ByFamily)
    {
        public (string Location, List<string> Regions, string Why)? For(ClauseFamily family) => ByFamily[(int)family];

        public static LinkedCarveOuts Analyse(LinkedDocument linked, Configuration.PolicyConfig config)
        {
            // One level only: the linked document is analysed without following its own links.
            var other = PolicyAnalyzer.Analyze(linked.Text, config);
            if (other.Context.Regions.Scope is { } scope)
            {
                var scoped = (linked.Location, scope.RegionIds.ToList(), "a regional version");
                return new LinkedCarveOuts(FamilyDescriptor.All.Select(_ => ((string, List<string>, string)?)scoped).ToList());
            }

            return new LinkedCarveOuts(FamilyDescriptor.All.Select(f => About(other, linked, f.Family)).ToList());
        }

        private static (string, List<string>, string)? About(AnalysisResult other, LinkedDocument linked, ClauseFamily family)
        {
            var resolver = other.Context.CarveOutResolver;
            var regions = new List<string>();
            foreach (var section in other.Context.Regions.RegionalSections(other.Document))
            {
                if (resolver.AddressesFamily(section, family))
                {
                    regions.AddRange(other.Context.Regions.RegionsInHeading(section));
                }
            }

            return regions.Count > 0 ? (linked.Location, regions, "a regional section about this practice") : null;
        }
    }

    private static bool IsLocalMarkdown(string target)
    {
        var path = target.Split('#', 2)[0];
        return path.Length > 0 && !path.Contains("://", StringComparison.Ordinal) && !path.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)
            && PolicyLsp.Analysis.Configuration.PolicyFiles.IsMarkdown(path);
    }

    private static CarveOutResult Scoped(IReadOnlyList<RelatedLocation> related) => new([], [], related, true, false);

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
            var scopedInList = ScopedLists(f, mentions, scopes, persons);
            for (var i = 0; i < mentions.Count; i++)
            {
                var mention = mentions[i];
                if (mention.Ambiguous)
                {
                    europe = true;
                    continue;
                }

                var excluded = notCarveOut.Any(n => n.TokenEnd <= mention.TokenStart && mention.TokenStart - n.TokenEnd <= 5);
                var definedTerm = Regions.DefinedTerms.Any(t => ReferenceEquals(t.RegionIds, mention.RegionIds));
                if (treatment && (definedTerm || scopedInList[i]) && !excluded)
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

    /// <summary>
    /// Which mentions are scoped: a scope cue shortly before ("if you live in the EU"), a person noun just after ("UK
    /// residents"), or membership of a list with one that is — "if you live in the European Union, the European
    /// Economic Area, the United Kingdom or Switzerland" scopes all four however long the names are.
    /// </summary>
    private static bool[] ScopedLists(Clauses.SentenceFacts f, IReadOnlyList<RegionMention> mentions, List<Vocabulary.PhraseMatch> scopes, List<Vocabulary.PhraseMatch> persons)
    {
        var scoped = new bool[mentions.Count];
        for (var i = 0; i < mentions.Count; i++)
        {
            var m = mentions[i];
            scoped[i] = scopes.Any(s => s.TokenEnd <= m.TokenStart && m.TokenStart - s.TokenEnd <= ScopeWindow)
                || persons.Any(p => p.TokenStart >= m.TokenEnd && p.TokenStart - m.TokenEnd <= 2);
        }

        // Forwards from a scope cue, backwards from a person noun, across list joints only.
        for (var i = 1; i < mentions.Count; i++)
        {
            scoped[i] |= scoped[i - 1] && ListJoint(f, mentions[i - 1], mentions[i]);
        }

        for (var i = mentions.Count - 2; i >= 0; i--)
        {
            scoped[i] |= scoped[i + 1] && ListJoint(f, mentions[i], mentions[i + 1]);
        }

        return scoped;
    }

    /// <summary>Only commas and the language's list joiners ("and", "or", "the", "as well as") between two mentions: they are items of one list.</summary>
    private static bool ListJoint(Clauses.SentenceFacts f, RegionMention before, RegionMention after)
    {
        if (after.TokenStart < before.TokenEnd || after.TokenStart - before.TokenEnd > 4)
        {
            return false;
        }

        for (var t = before.TokenEnd; t < after.TokenStart; t++)
        {
            if (!f.Grammar.ListJoiners.Contains(f.Tokens[t].LowerSpan))
            {
                return false;
            }
        }

        return !f.Between(before.TokenEnd, after.TokenStart).ContainsAny(';', ':', '.');
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
        var practice = FamilyDescriptor.Of(family).AddressesPractice;
        foreach (var block in section.SelfAndDescendants().SelectMany(s => s.Blocks))
        {
            foreach (var s in block.Sentences)
            {
                var f = context.Facts(s);
                result = practice.IsMetBy(f);
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
