using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PolicyLsp.LspHarness;

return await Harness.MainAsync(args);

namespace PolicyLsp.LspHarness
{
    public sealed record Options(
        string Server,
        string Corpus,
        string? Json,
        int InitRuns,
        int DocumentCount,
        int Warmup,
        int Seed,
        double AssumedDebounceMs,
        int RequestedDebounceMs,
        IReadOnlyList<SizeCase> Sizes);

    /// <summary>One typing scenario: a document of about <see cref="TargetChars"/> characters and how many edits to time.</summary>
    public sealed record SizeCase(string Label, int TargetChars, int Edits, double TargetP95Ms);

    public sealed record InitResult(IReadOnlyList<double> RunsMs, double MedianMs, double P95Ms, string? ServerVersion, IReadOnlyList<double> CpuMs, double CpuMedianMs);

    public sealed record TypingResult(
        string Label,
        int Chars,
        int Utf8Bytes,
        int ProseLines,
        int WarmupEdits,
        double OpenToFirstPublishMs,
        double DebounceProbeMs,
        double SubtractedDebounceMs,
        int FinalDiagnostics,
        double ServerCpuMsPerEdit,
        IReadOnlyList<double> RawMs,
        double RawP50,
        double RawP95,
        double RawP99,
        double NetP50,
        double NetP95,
        double NetP99,
        double TargetP95Ms);

    public sealed record MemoryResult(int Documents, long TotalChars, double OpenToAllPublishedMs, double RssAfterInitMib, double RssMib, double PeakRssMib);

    public sealed record Machine(int ProcessorCount, string CpuModel, string Os, double MemoryGib, string HarnessRuntime, string LoadAverageAtStart, string? LoadAverageAtEnd = null);

    public static class Harness
    {
        private const double InitTargetMs = 250;
        private const double RssTargetMib = 150;
        private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(120);

        private const string UsageText = """
            policylsp-lsp-harness --server PATH [options]
              --server PATH            the published server (apphost or policylsp.dll)
              --corpus DIR             real policies (default: ../shared/corpus/real from the repo root)
              --json FILE              also write the raw numbers as JSON
              --init-runs N            process start -> initialize runs (default 10)
              --edits A,B,C            edits at ~20 KB, ~100 KB, ~1 MB (default 200,100,30)
              --documents N            documents open for the RSS measurement (default 200)
              --warmup N               untimed edits before each typing run (default 5)
              --seed N                 random seed for edit positions (default 42)
              --assumed-debounce MS    the server's debounce when it ignores the requested one (default 150,
                                       LanguageServer.DefaultDebounce); subtracted only if the probe shows it in effect
              --request-debounce MS    debounceMs the harness asks for in the policyLsp settings (default 0)
            """;

        public static async Task<int> MainAsync(string[] args)
        {
            Options options;
            try
            {
                if (args.Contains("--help") || args.Contains("-h"))
                {
                    Console.WriteLine(UsageText);
                    return 0;
                }

                options = Parse(args);
            }
            catch (ArgumentException ex)
            {
                Console.Error.WriteLine($"policylsp-lsp-harness: {ex.Message}");
                Console.Error.WriteLine(UsageText);
                return 2;
            }

            var corpus = Corpus.Load(options.Corpus);
            var temp = Directory.CreateTempSubdirectory("policylsp-lsp-harness-");
            try
            {
                var machine = DescribeMachine();
                Progress($"server {options.Server}; corpus {options.Corpus} ({corpus.Files.Count} files); {machine.ProcessorCount} CPUs, {machine.CpuModel}");

                var init = await MeasureInitializeAsync(options, temp.FullName);
                var typing = new List<TypingResult>();
                foreach (var size in options.Sizes)
                {
                    typing.Add(await MeasureTypingAsync(options, corpus, size, temp.FullName));
                }

                var memory = await MeasureMemoryAsync(options, corpus, temp.FullName);

                machine = machine with { LoadAverageAtEnd = ReadLoadAverage() };
                Console.WriteLine(Report(options, machine, init, typing, memory));
                if (options.Json is { } jsonPath)
                {
                    var json = new
                    {
                        generatedUtc = DateTime.UtcNow,
                        server = Path.GetFullPath(options.Server),
                        corpus = Path.GetFullPath(options.Corpus),
                        machine,
                        options = new { options.InitRuns, options.DocumentCount, options.Warmup, options.Seed, options.AssumedDebounceMs, options.RequestedDebounceMs },
                        initialize = init,
                        typing,
                        memory,
                    };
                    File.WriteAllText(jsonPath, JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
                    Progress($"raw numbers written to {jsonPath}");
                }

                return 0;
            }
            catch (Exception ex) when (ex is TimeoutException or IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                Console.Error.WriteLine($"policylsp-lsp-harness: {ex.Message}");
                return 1;
            }
            finally
            {
                try
                {
                    temp.Delete(recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }

        private static Options Parse(string[] args)
        {
            string? server = null, corpus = null, json = null;
            int initRuns = 10, documents = 200, warmup = 5, seed = 42, requested = 0;
            double assumed = 150;
            int[] edits = [200, 100, 30];
            for (var i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                int Int() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : throw new ArgumentException($"{args[i - 1]} needs a non-negative integer");
                switch (args[i])
                {
                    case "--server": server = Value(); break;
                    case "--corpus": corpus = Value(); break;
                    case "--json": json = Value(); break;
                    case "--init-runs": initRuns = Int(); break;
                    case "--documents": documents = Int(); break;
                    case "--warmup": warmup = Int(); break;
                    case "--seed": seed = Int(); break;
                    case "--request-debounce": requested = Int(); break;
                    case "--assumed-debounce": assumed = Int(); break;
                    case "--edits":
                        edits = [.. Value().Split(',').Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : throw new ArgumentException("--edits needs three counts, e.g. 200,100,30"))];
                        if (edits.Length != 3)
                        {
                            throw new ArgumentException("--edits needs three counts, e.g. 200,100,30");
                        }

                        break;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }

            if (server is null)
            {
                throw new ArgumentException("--server is required");
            }

            if (!File.Exists(server))
            {
                throw new ArgumentException($"no server at {server}");
            }

            corpus ??= DefaultCorpus() ?? throw new ArgumentException("cannot find the corpus; pass --corpus DIR");
            if (!Directory.Exists(corpus))
            {
                throw new ArgumentException($"no corpus folder {corpus}");
            }

            SizeCase[] sizes =
            [
                new("20 KB", 20 * 1024, edits[0], 5),
                new("100 KB", 100 * 1024, edits[1], 15),
                new("1 MB", 1024 * 1024, edits[2], 100),
            ];
            return new Options(server, corpus, json, initRuns, documents, warmup, seed, assumed, requested, [.. sizes.Where(s => s.Edits > 0)]);
        }

        /// <summary>../shared/corpus/real next to the repository that holds PolicyLsp.sln (searched upwards from here).</summary>
        private static string? DefaultCorpus()
        {
            foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            {
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "PolicyLsp.sln")))
                    {
                        var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "corpus", "real"));
                        if (Directory.Exists(candidate))
                        {
                            return candidate;
                        }
                    }
                }
            }

            return null;
        }

        private static JsonObject Settings(Options options) =>
            new() { ["policyLsp"] = new JsonObject { ["debounceMs"] = options.RequestedDebounceMs } };

        /// <summary>Starts a server, initializes it (asking for the requested debounce) and returns it with the initialize result.</summary>
        /// <remarks><c>CpuMs</c>: the server's user + system time when the result arrived (10 ms ticks), before <c>initialized</c> is sent.</remarks>
        private static async Task<(LspClient Client, JsonElement Response, long ResponseTimestamp, double CpuMs)> StartAsync(Options options, string temp, string name)
        {
            var client = LspClient.Start(options.Server, Path.Combine(temp, name + ".log"), Settings(options));
            try
            {
                var initOptions = new JsonObject { ["debounceMs"] = options.RequestedDebounceMs };
                var (response, timestamp) = await client.WithTimeout(client.RequestAsync("initialize", LspClient.InitializeParams(initOptions)), TimeSpan.FromSeconds(60), "initialize");
                var cpuMs = client.ReadCpuMs();
                if (response.TryGetProperty("error", out var error))
                {
                    throw new InvalidOperationException($"initialize failed: {error.GetRawText()}");
                }

                client.Notify("initialized", new JsonObject());
                client.Notify("workspace/didChangeConfiguration", new JsonObject { ["settings"] = Settings(options) });
                return (client, response, timestamp, cpuMs);
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }

        private static async Task<InitResult> MeasureInitializeAsync(Options options, string temp)
        {
            var runs = new List<double>();
            var cpu = new List<double>();
            string? version = null;
            for (var i = 0; i < options.InitRuns; i++)
            {
                var (client, response, timestamp, cpuMs) = await StartAsync(options, temp, $"init-{i}");
                using (client)
                {
                    runs.Add(Stats.Ms(client.StartTimestamp, timestamp));
                    cpu.Add(cpuMs);
                    if (response.GetProperty("result").TryGetProperty("serverInfo", out var info) && info.TryGetProperty("version", out var v))
                    {
                        version = v.GetString();
                    }

                    await client.ShutdownAsync();
                }
            }

            var result = new InitResult(runs, Stats.Median(runs), Stats.Percentile(runs, 95), version, cpu, Stats.Median(cpu));
            Progress($"initialize: median {result.MedianMs:F1} ms, p95 {result.P95Ms:F1} ms over {runs.Count} runs; server CPU median {result.CpuMedianMs:F0} ms");
            return result;
        }

        private static string FileUri(string temp, string relative) => new Uri(Path.Combine(temp, "docs", relative)).AbsoluteUri;

        private static JsonObject DidOpen(string uri, string text, int version) => new()
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "markdown", ["version"] = version, ["text"] = text },
        };

        private static JsonObject Insert(string uri, int version, int line, int character, string text)
        {
            JsonObject Pos() => new() { ["line"] = line, ["character"] = character };
            return new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = version },
                ["contentChanges"] = new JsonArray(new JsonObject { ["range"] = new JsonObject { ["start"] = Pos(), ["end"] = Pos() }, ["text"] = text }),
            };
        }

        /// <summary>Time from sending one insertion to the publish for its version.</summary>
        private static async Task<(double Ms, Publish Publish)> TypeAsync(LspClient client, string uri, int version, TypingSession session)
        {
            var (line, character, text) = session.Next();
            var published = client.ExpectPublish(uri, version);
            var sent = Stopwatch.GetTimestamp();
            client.Notify("textDocument/didChange", Insert(uri, version, line, character, text));
            var publish = await client.WithTimeout(published, PublishTimeout, $"publishDiagnostics for {uri} v{version}");
            return (Stats.Ms(sent, publish.ArrivedTimestamp), publish);
        }

        /// <summary>
        /// The debounce actually in effect: the fastest of a few edits on a tiny document, where analysis takes about a
        /// millisecond, so what remains is the server's quiet period.
        /// </summary>
        private static async Task<double> ProbeDebounceAsync(LspClient client, Corpus corpus, string temp, int seed)
        {
            var text = corpus.Build(1);
            var cut = text.IndexOf("\n\n", Math.Min(1500, text.Length), StringComparison.Ordinal);
            text = cut < 0 ? text : text[..(cut + 1)];
            var uri = FileUri(temp, "probe/probe.md");
            var opened = client.ExpectPublish(uri, 1);
            client.Notify("textDocument/didOpen", DidOpen(uri, text, 1));
            await client.WithTimeout(opened, PublishTimeout, "publishDiagnostics for the probe document");
            var session = new TypingSession(text + "\nThe probe paragraph gives the typing session at least one long prose line to edit.\n", seed);
            var fastest = double.MaxValue;
            for (var version = 2; version <= 6; version++)
            {
                fastest = Math.Min(fastest, (await TypeAsync(client, uri, version, session)).Ms);
            }

            client.Notify("textDocument/didClose", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } });
            return fastest;
        }

        private static async Task<TypingResult> MeasureTypingAsync(Options options, Corpus corpus, SizeCase size, string temp)
        {
            var text = corpus.Build(size.TargetChars);
            var session = new TypingSession(text, options.Seed);
            var (client, _, _, _) = await StartAsync(options, temp, $"typing-{size.TargetChars}");
            using (client)
            {
                var probe = await ProbeDebounceAsync(client, corpus, temp, options.Seed);
                // The probe sits near the default when the server ignored the requested debounce, near the requested value otherwise.
                var subtracted = probe >= options.AssumedDebounceMs * 0.5 ? options.AssumedDebounceMs : options.RequestedDebounceMs;

                var uri = FileUri(temp, $"typing/policy-{size.TargetChars}.md");
                var opened = client.ExpectPublish(uri, 1);
                var sent = Stopwatch.GetTimestamp();
                client.Notify("textDocument/didOpen", DidOpen(uri, text, 1));
                var first = await client.WithTimeout(opened, PublishTimeout, $"publishDiagnostics for {uri} v1");
                var openMs = Stats.Ms(sent, first.ArrivedTimestamp);

                var version = 1;
                for (var i = 0; i < options.Warmup; i++)
                {
                    await TypeAsync(client, uri, ++version, session);
                }

                var samples = new List<double>(size.Edits);
                var last = first;
                var cpuBefore = client.ReadCpuMs();
                for (var i = 0; i < size.Edits; i++)
                {
                    (var ms, last) = await TypeAsync(client, uri, ++version, session);
                    samples.Add(ms);
                }

                var cpuPerEdit = (client.ReadCpuMs() - cpuBefore) / Math.Max(1, samples.Count);
                await client.ShutdownAsync();

                double P(double p) => Stats.Percentile(samples, p);
                var result = new TypingResult(
                    size.Label,
                    text.Length,
                    Encoding.UTF8.GetByteCount(text),
                    session.ProseLineCount,
                    options.Warmup,
                    openMs,
                    probe,
                    subtracted,
                    last.DiagnosticCount,
                    cpuPerEdit,
                    samples,
                    P(50),
                    P(95),
                    P(99),
                    P(50) - subtracted,
                    P(95) - subtracted,
                    P(99) - subtracted,
                    size.TargetP95Ms);
                Progress($"typing {size.Label}: {samples.Count} edits, p50 {result.RawP50:F1} / p95 {result.RawP95:F1} / p99 {result.RawP99:F1} ms raw (debounce probe {probe:F1} ms, subtracting {subtracted:F0} ms)");
                return result;
            }
        }

        private static async Task<MemoryResult> MeasureMemoryAsync(Options options, Corpus corpus, string temp)
        {
            var (client, _, _, _) = await StartAsync(options, temp, "memory");
            using (client)
            {
                await Task.Delay(500);
                var (rssInit, _) = client.ReadMemory();
                var waits = new List<Task<Publish>>(options.DocumentCount);
                long chars = 0;
                var sent = Stopwatch.GetTimestamp();
                for (var i = 0; i < options.DocumentCount; i++)
                {
                    var (relative, text) = corpus.Files[i % corpus.Files.Count];
                    var uri = FileUri(temp, $"memory/{i:D3}/{relative}");
                    waits.Add(client.ExpectPublish(uri, 1));
                    client.Notify("textDocument/didOpen", DidOpen(uri, text, 1));
                    chars += text.Length;
                }

                var all = await client.WithTimeout(Task.WhenAll(waits), PublishTimeout, $"diagnostics for {options.DocumentCount} documents");
                var allMs = Stats.Ms(sent, all.Max(p => p.ArrivedTimestamp));
                var (rss, hwm) = client.ReadMemory();
                await client.ShutdownAsync();
                var result = new MemoryResult(options.DocumentCount, chars, allMs, rssInit / 1024.0, rss / 1024.0, hwm / 1024.0);
                Progress($"memory: {result.Documents} documents, VmRSS {result.RssMib:F1} MiB (peak {result.PeakRssMib:F1} MiB, {result.RssAfterInitMib:F1} MiB after initialize)");
                return result;
            }
        }

        private static Machine DescribeMachine()
        {
            static string? Field(string file, string key, char separator)
            {
                try
                {
                    return File.ReadLines(file)
                        .Where(l => l.StartsWith(key, StringComparison.Ordinal) && l.IndexOf(separator) > 0)
                        .Select(l => l[(l.IndexOf(separator) + 1)..].Trim().Trim('"'))
                        .FirstOrDefault();
                }
                catch (IOException)
                {
                    return null;
                }
            }

            var memKib = Field("/proc/meminfo", "MemTotal", ':')?.Split(' ')[0];
            return new Machine(
                Environment.ProcessorCount,
                Field("/proc/cpuinfo", "model name", ':') ?? RuntimeInformation.ProcessArchitecture.ToString(),
                Field("/etc/os-release", "PRETTY_NAME", '=') ?? RuntimeInformation.OSDescription,
                long.TryParse(memKib, NumberStyles.Integer, CultureInfo.InvariantCulture, out var kib) ? Math.Round(kib / 1024.0 / 1024.0, 1) : 0,
                RuntimeInformation.FrameworkDescription,
                ReadLoadAverage());
        }

        private static string ReadLoadAverage()
        {
            try
            {
                return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
            }
            catch (IOException)
            {
                return "?";
            }
        }

        private static string Report(Options options, Machine machine, InitResult init, IReadOnlyList<TypingResult> typing, MemoryResult memory)
        {
            static string F(double v) => v.ToString("F1", CultureInfo.InvariantCulture);
            static string Ok(bool ok) => ok ? "✅" : "❌";
            var s = new StringBuilder();
            s.AppendLine("## PolicyLsp LSP performance");
            s.AppendLine();
            s.AppendLine($"Machine: {machine.ProcessorCount} CPUs (nproc), {machine.CpuModel}, {F(machine.MemoryGib)} GiB, {machine.Os}; load average {machine.LoadAverageAtStart} at start, {machine.LoadAverageAtEnd} at end (other work on the machine inflates every number); harness on {machine.HarnessRuntime}.  ");
            s.AppendLine($"Server: `{options.Server}` (policylsp {init.ServerVersion ?? "?"}), spawned as a child process over stdin/stdout pipes.");
            s.AppendLine();
            s.AppendLine("| Measurement | p50 / median | p95 | p99 | Target | |");
            s.AppendLine("|---|---:|---:|---:|---|---|");
            s.AppendLine($"| Process start → initialize result ({init.RunsMs.Count} runs, new process each) | {F(init.MedianMs)} ms | {F(init.P95Ms)} ms | – | ≤ {InitTargetMs:F0} ms | {Ok(init.P95Ms <= InitTargetMs)} |");
            foreach (var t in typing)
            {
                var net = t.DebounceProbeMs >= options.AssumedDebounceMs * 0.5
                    ? $", server ignored the setting: raw − {t.SubtractedDebounceMs:F0} ms default debounce"
                    : t.SubtractedDebounceMs > 0 ? $", debounce set to {t.SubtractedDebounceMs:F0} ms and subtracted" : ", debounce set to 0 (nothing subtracted)";
                s.AppendLine($"| didChange → publishDiagnostics, {t.Label} ({t.Chars:N0} chars, {t.RawMs.Count} edits){net} | {F(t.NetP50)} ms | {F(t.NetP95)} ms | {F(t.NetP99)} ms | p95 ≤ {t.TargetP95Ms:F0} ms | {Ok(t.NetP95 <= t.TargetP95Ms)} |");
            }

            foreach (var t in typing.Where(t => t.SubtractedDebounceMs > 0))
            {
                s.AppendLine($"| ↳ raw (debounce included), {t.Label} | {F(t.RawP50)} ms | {F(t.RawP95)} ms | {F(t.RawP99)} ms | | |");
            }

            s.AppendLine($"| VmRSS with {memory.Documents} documents open, all diagnosed | {F(memory.RssMib)} MiB | – | – | ≤ {RssTargetMib:F0} MiB | {Ok(memory.RssMib <= RssTargetMib)} |");
            s.AppendLine();
            s.AppendLine("| Typing run | Document | didOpen → first publish | Debounce probe (tiny doc, fastest of 5) | Subtracted | Server CPU per edit (mean) | Diagnostics |");
            s.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var t in typing)
            {
                s.AppendLine($"| {t.Label} | {t.Chars:N0} chars / {t.Utf8Bytes:N0} B, {t.ProseLines:N0} prose lines | {F(t.OpenToFirstPublishMs)} ms | {F(t.DebounceProbeMs)} ms | {t.SubtractedDebounceMs:F0} ms | {F(t.ServerCpuMsPerEdit)} ms | {t.FinalDiagnostics} |");
            }

            s.AppendLine();
            s.AppendLine($"Initialize runs (ms): {string.Join(", ", init.RunsMs.Select(F))}; server CPU (user + system, all threads, 10 ms ticks) when the result arrived: median {init.CpuMedianMs:F0} ms, less sensitive to machine load than the wall-clock time.  ");
            s.AppendLine($"Memory: {memory.Documents} documents ({memory.TotalChars:N0} chars, the corpus files cycled, distinct file:// URIs) opened back to back; all diagnostics after {F(memory.OpenToAllPublishedMs)} ms; VmRSS {F(memory.RssAfterInitMib)} MiB right after initialize, peak (VmHWM) {F(memory.PeakRssMib)} MiB.  ");
            s.AppendLine($"Typing: one character inserted at a random position inside a prose line per edit (seed {options.Seed}), each with a new version; the next edit is sent once the publish for that version has arrived; {options.Warmup} untimed warm-up edits per run, a fresh server per document size. Percentiles are nearest-rank. Server CPU per edit (user + system time of the server process over the timed edits ÷ edits, all threads incl. GC) depends less on machine load than the wall-clock latencies.  ");
            s.AppendLine($"Debounce: the harness asks for `policyLsp.debounceMs = {options.RequestedDebounceMs}` (workspace/configuration, didChangeConfiguration, initializationOptions); a tiny-document probe (fastest of 5 edits) shows whether it took effect. If it did, nothing but the requested value is subtracted; if the server ignored it, its default {options.AssumedDebounceMs:F0} ms (LanguageServer.DefaultDebounce) is subtracted from the raw latencies, which are shown too.");
            return s.ToString();
        }

        private static void Progress(string message) => Console.Error.WriteLine($"[lsp-harness] {message}");
    }
}
