using System.Text.Json;
using PolicyLsp.Analysis.Vocabulary;

namespace PolicyLsp.Analysis.Regions;

public sealed record Region(string Id, string Name, IReadOnlyList<string> Aliases, IReadOnlyList<string> Covers, bool Ambiguous);

/// <summary>A place in a sentence's tokens that names one or more regions.</summary>
public readonly record struct RegionMention(int TokenStart, int TokenEnd, IReadOnlyList<string> RegionIds, bool Ambiguous);

/// <summary>The taxonomy of regions: ids, names, aliases, and which region covers which (EEA ⊃ EU ⊃ member states).</summary>
public sealed class RegionCatalog
{
    private readonly Dictionary<string, Region> _byId;
    private readonly Dictionary<string, string> _byAlias;
    private readonly Dictionary<string, HashSet<string>> _coverage = new(StringComparer.Ordinal);

    private RegionCatalog(IReadOnlyList<Region> regions)
    {
        Regions = regions;
        _byId = regions.ToDictionary(r => r.Id, StringComparer.OrdinalIgnoreCase);
        _byAlias = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Aliases = new PhraseSet();
        foreach (var region in regions)
        {
            foreach (var alias in region.Aliases)
            {
                Aliases.Add(alias, region.Id);
                _byAlias.TryAdd(alias.TrimStart('='), region.Id);
            }

            _byAlias.TryAdd(region.Name, region.Id);
        }

        foreach (var region in regions)
        {
            _coverage[region.Id] = Expand(region.Id);
        }
    }

    public static RegionCatalog Default { get; } = LoadDefault();

    public IReadOnlyList<Region> Regions { get; }

    public PhraseSet Aliases { get; }

    public Region? Find(string id) => _byId.GetValueOrDefault(id);

    public string NameOf(string id) => _byId.TryGetValue(id, out var region) ? region.Name : id;

    /// <summary>A region id from an id or any alias ("uk", "United Kingdom", "Swiss"), or null.</summary>
    public string? Resolve(string idOrAlias)
    {
        var key = idOrAlias.Trim();
        if (_byId.TryGetValue(key, out var region))
        {
            return region.Id;
        }

        return _byAlias.GetValueOrDefault(key);
    }

    /// <summary>True when a mention of <paramref name="mentioned"/> speaks for <paramref name="required"/> too.</summary>
    public bool Covers(string mentioned, string required) =>
        _coverage.TryGetValue(mentioned, out var covered) && covered.Contains(required);

    public List<RegionMention> FindMentions(Token[] tokens, PhraseSet? definedTerms)
    {
        var matches = Aliases.FindAll(tokens);
        if (definedTerms is not null && definedTerms.Count > 0)
        {
            matches.AddRange(definedTerms.FindAll(tokens));
        }

        matches.Sort((a, b) => a.TokenStart != b.TokenStart ? a.TokenStart.CompareTo(b.TokenStart) : b.TokenEnd.CompareTo(a.TokenEnd));
        var mentions = new List<RegionMention>();
        var nextFree = 0;
        foreach (var match in matches)
        {
            if (match.TokenStart < nextFree)
            {
                continue;
            }

            nextFree = match.TokenEnd;
            switch (match.Tag)
            {
                case string id:
                    mentions.Add(new RegionMention(match.TokenStart, match.TokenEnd, [id], _byId[id].Ambiguous));
                    break;
                case IReadOnlyList<string> ids:
                    mentions.Add(new RegionMention(match.TokenStart, match.TokenEnd, ids, false));
                    break;
            }
        }

        return mentions;
    }

    private HashSet<string> Expand(string id)
    {
        var result = new HashSet<string>(StringComparer.Ordinal) { id };
        var stack = new Stack<string>();
        stack.Push(id);
        while (stack.Count > 0)
        {
            if (!_byId.TryGetValue(stack.Pop(), out var region))
            {
                continue;
            }

            foreach (var child in region.Covers)
            {
                if (result.Add(child))
                {
                    stack.Push(child);
                }
            }
        }

        return result;
    }

    private static RegionCatalog LoadDefault()
    {
        using var stream = TermPack.OpenResource("regions.json");
        using var json = JsonDocument.Parse(stream);
        var root = json.RootElement;
        var regions = new List<Region>();
        foreach (var item in root.GetProperty("regions").EnumerateArray())
        {
            regions.Add(new Region(
                item.GetProperty("id").GetString()!,
                item.GetProperty("name").GetString()!,
                Strings(item, "aliases"),
                Strings(item, "covers"),
                item.TryGetProperty("ambiguous", out var ambiguous) && ambiguous.GetBoolean()));
        }

        return new RegionCatalog(regions);
    }

    private static List<string> Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var array)
            ? array.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToList()
            : [];
}
