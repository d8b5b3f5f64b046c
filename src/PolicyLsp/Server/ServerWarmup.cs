using System.Diagnostics;
using PolicyLsp.Server.Handlers;

namespace PolicyLsp.Server;

/// <summary>
/// What the server does once <c>initialize</c> is answered instead of before: the first analysis loads the term packs,
/// the Markdown pipeline and the rules' patterns and compiles their code. Done here on a made-up policy, the editor's
/// first document does not pay for it. Also logs how long startup took.
/// </summary>
public static class ServerWarmup
{
    // Made-up text that reaches every rule family (never a user's document, so it may be logged about freely).
    private const string Sample = """
        # Privacy policy

        We use the content you share to train our artificial intelligence models. This setting is on by default.

        ## Your choices

        You can opt out of personalised advertising at any time in your account settings.
        """;

    private static int _started;

    /// <summary>Runs the warm-up once per process, in the background.</summary>
    public static void Start(ServerContext context)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        _ = Task.Run(() => Run(context));
    }

    private static void Run(ServerContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var analysis = context.Analyzer.AnalyzeText("untitled:policylsp-warmup", Sample);
            var mapper = context.MapperFor(analysis);
            _ = FindingConverter.ToDiagnostics("untitled:policylsp-warmup", analysis, mapper);
            if (analysis.Findings.Count > 0)
            {
                _ = HoverHandler.Describe(analysis.Findings[0], analysis.Config);
            }
        }
        catch (Exception ex)
        {
            context.Log.Error(ex, "warm-up analysis failed");
            return;
        }

        var warmup = Stopwatch.GetElapsedTime(started);
        if (context.State.InitializeReceived is { } initialize)
        {
            using var process = Process.GetCurrentProcess();
            context.Log.Information(
                "startup: initialize reached the server {Ms:F0} ms after the process started ({Cpu:F0} ms CPU); warm-up took {Warmup:F0} ms",
                (initialize.UtcTime - process.StartTime.ToUniversalTime()).TotalMilliseconds,
                initialize.CpuTime.TotalMilliseconds,
                warmup.TotalMilliseconds);
        }
    }
}
