using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PolicyLsp.Analysis.Clauses;
using PolicyLsp.Analysis.Configuration;
using PolicyLsp.Analysis.Findings;
using PolicyLsp.Analysis.Vocabulary;

namespace PolicyLsp.Analysis.Tests;

/// <summary>
/// Term packs are checked against schemas/term-pack.schema.json when they load, and the schema lists exactly the sets
/// the code reads: a missing or misspelt set fails loudly instead of matching nothing.
/// </summary>
public sealed partial class TermPackTests
{
    private static string SchemaPath => Path.Combine(TestPaths.RepoRoot, "schemas", "term-pack.schema.json");

    private static string PackPath(string language) =>
        Path.Combine(TestPaths.RepoRoot, "src", "PolicyLsp.Analysis", "Vocabulary", "Data", language + ".json");

    private static IReadOnlyList<string> RequiredSets()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath));
        return schema.RootElement.GetProperty("properties").GetProperty("sets").GetProperty("required")
            .EnumerateArray().Select(s => s.GetString()!).ToList();
    }

    public static TheoryData<string> Languages() => new(TermPack.AvailableLanguages);

    [Fact]
    public void Both_packs_ship_and_the_schema_ships_with_them()
    {
        Assert.Equal(["de", "en"], TermPack.AvailableLanguages.Order(StringComparer.Ordinal));
        Assert.Equal(RequiredSets(), TermPack.SetNames);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void A_built_in_pack_conforms_and_has_every_set(string language)
    {
        using var stream = File.OpenRead(PackPath(language));
        var pack = TermPack.Load(stream, language + ".json");
        foreach (var name in RequiredSets())
        {
            Assert.True(pack[name].Count > 0, $"{language}: {name} is empty");
        }

        Assert.Same(TermPack.ForLanguage(language)!.Grammar.Splitter, TermPack.ForLanguage(language)!.Grammar.Splitter);
    }

    [Fact]
    public void A_pack_missing_a_set_is_rejected_naming_the_pack_and_the_set()
    {
        var message = Rejected(pack => pack["sets"]!.AsObject().Remove("optin.optOut"));
        Assert.Contains("de.json", message);
        Assert.Contains("\"optin.optOut\" is missing", message);
    }

    [Fact]
    public void A_misspelt_set_is_rejected_naming_it_and_the_set_meant()
    {
        var message = Rejected(pack =>
        {
            var sets = pack["sets"]!.AsObject();
            var phrases = sets["optin.optOut"]!.DeepClone();
            sets.Remove("optin.optOut");
            sets["optin.optOutt"] = phrases;
        });
        Assert.Contains("de.json", message);
        Assert.Contains("unknown set \"optin.optOutt\" (did you mean \"optin.optOut\"?)", message);
    }

    [Fact]
    public void A_set_of_the_wrong_type_or_with_an_empty_phrase_is_rejected()
    {
        Assert.Contains("sets.negation must be an array, not \"nicht\"", Rejected(pack => pack["sets"]!["negation"] = "nicht"));
        Assert.Contains("sets.negation[1] must not be empty", Rejected(pack => pack["sets"]!["negation"] = new JsonArray("nicht", "")));
        Assert.Contains("sets.negation must have at least 1 entry", Rejected(pack => pack["sets"]!["negation"] = new JsonArray()));
        Assert.Contains("sets.negation[0] must be a string, not 3", Rejected(pack => pack["sets"]!["negation"] = new JsonArray(3)));
    }

    [Fact]
    public void Grammar_and_readability_entries_are_checked_too()
    {
        Assert.Contains("the required entry \"grammar.articles\" is missing", Rejected(pack => pack["grammar"]!.AsObject().Remove("articles")));
        Assert.Contains("unknown entry \"grammar.artikel\"", Rejected(pack => pack["grammar"]!["artikel"] = new JsonArray("der")));
        Assert.Contains("readability.formula must be one of", Rejected(pack => pack["readability"]!["formula"] = "flesch"));
        Assert.Contains("readability.silentFinalE must be a boolean", Rejected(pack => pack["readability"]!["silentFinalE"] = "no"));
        Assert.Contains("the required entry \"readability\" is missing", Rejected(pack => pack.Remove("readability")));
    }

    [Fact]
    public void Compositions_are_checked_when_the_pack_loads()
    {
        Assert.Contains("the required entry \"compositions\" is missing", Rejected(pack => pack.Remove("compositions")));
        Assert.Contains("names the set \"optin.readerAction\", which the pack does not have",
            Rejected(pack => pack["compositions"]![0]!["then"] = "optin.readerAction"));
        Assert.Contains("compositions[0].gap must be a whole number from 0 to 12", Rejected(pack => pack["compositions"]![0]!["gap"] = 40));
        Assert.Contains("compositions[0].gap must be a whole number from 0 to 12", Rejected(pack => pack["compositions"]![0]!["gap"] = 1.5));
        Assert.Contains("unknown entry \"compositions[0].gaps\"", Rejected(pack => pack["compositions"]![0]!["gaps"] = 2));
    }

    [Theory]
    [InlineData("en", "You may decide not to receive our offers.", "optin.optOut", "You may decide not to receive")]
    [InlineData("en", "We suggest podcasts from your history until you have switched this off.", "exception.optOut", "until you have switched this off")]
    [InlineData("en", "If you later unsubscribe, we stop adding you to campaigns.", "optin.turnOffCondition", "If you later unsubscribe")]
    [InlineData("de", "Sie können die Nutzungsanalyse jederzeit in den Einstellungen deaktivieren.", "optin.optOut", "Sie können die Nutzungsanalyse jederzeit in den Einstellungen deaktivieren")]
    [InlineData("en", "New members are signed up to the offers email automatically.", "optin.defaultOn", "are signed up to the offers email automatically")]
    [InlineData("de", "Nach der Registrierung fügen wir Sie über Ihr Kundenkonto unserer Liste für Werbung hinzu.", "optin.defaultOn", "fügen wir Sie über Ihr Kundenkonto unserer Liste")]
    [InlineData("en", "We may send notices without offering you the opportunity to opt out.", "optin.wayOutWithheld", "without offering you the opportunity")]
    [InlineData("en", "This privacy policy also provides information about cookies.", "optin.aboutDocument", "This privacy policy also provides information")]
    public void A_composition_builds_a_phrase_of_its_set(string language, string sentence, string set, string built)
    {
        var facts = Facts(sentence, language);
        Assert.Contains(built, facts.Find(set).Select(facts.TextOf));
    }

    [Theory]
    [InlineData("If you do not switch off location history, we keep it.", "optin.turnOffCondition")]
    [InlineData("Unless you have questions; switch off the lights.", "exception.optOut")]
    [InlineData("Unless you (the member) turn it off, it runs.", "exception.optOut")]
    [InlineData("You can use our partner's tool for email opt-outs.", "optin.optOut")]
    [InlineData("Once you are signed up we automatically create a profile.", "optin.defaultOn")]
    public void A_composition_does_not_reach_over_a_negation_a_break_a_new_subject_or_its_gap(string sentence, string set)
    {
        Assert.False(Facts(sentence, "en").Has(set));
    }

    private static SentenceFacts Facts(string sentence, string language)
    {
        var pack = TermPack.ForLanguage(language)!;
        var document = Parsing.PolicyParser.Parse(sentence);
        return new SentenceFacts(document.Sentences[0], pack);
    }

    [Fact]
    public void A_pack_that_is_not_json_is_rejected_naming_it()
    {
        var error = Assert.Throws<InvalidDataException>(() => TermPack.Load(new MemoryStream("{ \"sets\": "u8.ToArray()), "xx.json"));
        Assert.StartsWith("term pack xx.json: not valid JSON", error.Message);
    }

    [Fact]
    public void An_unknown_set_name_in_code_throws_instead_of_matching_nothing()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => TermPack.English["optin.optOutt"]);
        Assert.Contains("\"optin.optOutt\"", error.Message);

        var document = Parsing.PolicyParser.Parse("You can opt out at any time.");
        var facts = new SentenceFacts(document.Sentences[0], TermPack.English);
        Assert.True(facts.Has("optin.optOut"));
        Assert.Throws<KeyNotFoundException>(() => facts.Has("optin.optout"));
    }

    /// <summary>Every set name the analysis code reads (with Has, Find, the pack indexer, or as a set-name literal) is one the schema requires.</summary>
    [Fact]
    public void Every_set_name_in_the_code_is_in_the_schema()
    {
        var required = RequiredSets().ToHashSet(StringComparer.Ordinal);
        var used = SetNamesInCode(required);
        Assert.True(used.Count >= 40, $"only {used.Count} set names found in the code: the scan is broken");
        var unknown = used.Where(u => !required.Contains(u.Name)).Select(u => $"{u.File}: \"{u.Name}\"").ToList();
        Assert.True(unknown.Count == 0, "set names the schema does not have: " + string.Join(", ", unknown));
    }

    /// <summary>And the other way round: the schema requires no set the code never reads.</summary>
    [Fact]
    public void Every_set_of_the_schema_is_read_by_the_code()
    {
        var required = RequiredSets();
        var used = SetNamesInCode(required.ToHashSet(StringComparer.Ordinal)).Select(u => u.Name).ToHashSet(StringComparer.Ordinal);
        // A set that only builds phrases of another ("optin.readerActions") is read through the pack's compositions.
        foreach (var language in TermPack.AvailableLanguages)
        {
            var pack = JsonNode.Parse(File.ReadAllText(PackPath(language)))!;
            foreach (var composition in pack["compositions"]!.AsArray())
            {
                if (used.Contains(composition!["into"]!.GetValue<string>()))
                {
                    used.Add(composition["first"]!.GetValue<string>());
                    used.Add(composition["then"]!.GetValue<string>());
                }
            }
        }

        var unread = required.Where(r => !used.Contains(r)).ToList();
        Assert.True(unread.Count == 0, "sets no code reads: " + string.Join(", ", unread));
    }

    [Fact]
    public void Configured_terms_for_an_unknown_set_are_still_a_configuration_error()
    {
        var problems = new List<AnalysisProblem>();
        var config = ConfigReader.Parse("{ \"terms\": { \"optin.optOutt\": [\"switch it off\"], \"optin.optOut\": [\"switch it off\"] } }", ".policylsp.json", PolicyConfig.Default, problems);
        var problem = Assert.Single(problems);
        Assert.Contains("terms \"optin.optOutt\": expected one of", problem.Message);
        Assert.Contains("optin.optOut,", problem.Message);
        Assert.Equal(["optin.optOut"], config.ExtraTerms.Keys);

        var result = PolicyAnalyzer.Analyze("We collect usage data. You can switch it off in Settings.", config);
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void Configured_terms_for_an_unknown_set_in_front_matter_are_reported_too()
    {
        var text = "---\npolicylsp:\n  terms:\n    \"ai.specificTerm\": [\"smart compose\"]\n---\n\nWe may use your posts to train smart compose.\n";
        var result = PolicyAnalyzer.Analyze(text);
        Assert.Contains(result.Problems, p => p.Message.Contains("terms \"ai.specificTerm\": expected one of", StringComparison.Ordinal));
    }

    /// <summary>The German pack rejected after one change to its JSON; the error message.</summary>
    private static string Rejected(Action<JsonObject> change)
    {
        var pack = JsonNode.Parse(File.ReadAllText(PackPath("de")))!.AsObject();
        change(pack);
        var bytes = Encoding.UTF8.GetBytes(pack.ToJsonString());
        return Assert.Throws<InvalidDataException>(() => TermPack.Load(new MemoryStream(bytes), "de.json")).Message;
    }

    private static List<(string File, string Name)> SetNamesInCode(HashSet<string> required)
    {
        // Set names are dotted ("optin.optOut") with a prefix the schema uses, or one word ("negation") read with Has/Find/[].
        var prefixes = required.Where(r => r.Contains('.')).Select(r => r[..r.IndexOf('.')]).ToHashSet(StringComparer.Ordinal);
        var found = new List<(string, string)>();
        var source = Path.Combine(TestPaths.RepoRoot, "src", "PolicyLsp.Analysis");
        foreach (var file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            var name = Path.GetRelativePath(source, file);
            foreach (var line in File.ReadLines(file).Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)))
            {
                foreach (Match match in Accessed().Matches(line))
                {
                    found.Add((name, match.Groups[1].Value));
                }

                foreach (Match match in Literal().Matches(line))
                {
                    var literal = match.Groups[1].Value;
                    if (prefixes.Contains(literal[..literal.IndexOf('.')]) && !literal.EndsWith(".json", StringComparison.Ordinal))
                    {
                        found.Add((name, literal));
                    }
                }
            }
        }

        return found.Distinct().ToList();
    }

    [GeneratedRegex("""(?:\bHas|\bFind|\bTerms|\bterms|\bpack)\s*[\(\[]\s*"([^"]+)"\s*[\)\]]""")]
    private static partial Regex Accessed();

    [GeneratedRegex("""(?<![\w$])"([a-z]+\.[a-z][A-Za-z]*)"(?!\s*:)""")]
    private static partial Regex Literal();
}
