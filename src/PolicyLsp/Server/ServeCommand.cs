using PolicyLsp.Cli;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace PolicyLsp.Server;

/// <summary><c>policylsp serve</c>: the language server over stdin/stdout. Logs go to a file (and warnings to stderr), never stdout.</summary>
public static class ServeCommand
{
    /// <summary>The user's own log file (see <see cref="LogFileLocation"/>); not a shared temp folder.</summary>
    public static string DefaultLogFile => LogFileLocation.Default();

    /// <param name="LogFile">Null for <see cref="DefaultLogFile"/>.</param>
    public sealed record Options(string? LogFile, LogEventLevel LogLevel);

    public static async Task<int> RunAsync(string[] args)
    {
        if (!TryParse(args, Console.Error, out var options))
        {
            return ExitCodes.Usage;
        }

        // The log file is opened once the first message is answered: opening it costs CPU the initialize answer waits for.
        var logFile = new BackgroundLogSink(() => OpenLogFile(options.LogFile), deferred: true);
        using var log = CreateLogger(options, logFile);
        log.Information("policylsp {Version} serving over stdio (pid {Pid})", Usage.Version, Environment.ProcessId);
        try
        {
            using var server = new LanguageServer(Console.OpenStandardInput(), Console.OpenStandardOutput(), log: log);
            _ = server.Listening.ContinueWith(_ => logFile.OpenNow(), TaskScheduler.Default);
            server.Start();
            await server.Completion;
            // Exit code 1 without shutdown, or when the client's process died (LSP "exit" semantics).
            var code = server.ShutdownRequested && !server.ClientProcessExited ? 0 : 1;
            log.Information("server stopped; exit code {Code}", code);
            return code;
        }
        catch (Exception ex)
        {
            log.Fatal(ex, "server crashed");
            return 1;
        }
    }

    public static bool TryParse(string[] args, TextWriter stderr, out Options options)
    {
        options = new Options(null, LogEventLevel.Information);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string? value = null;
            var eq = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                value = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            switch (arg)
            {
                case "--stdio":
                    break;
                case "--log-file":
                    value ??= i + 1 < args.Length ? args[++i] : null;
                    if (string.IsNullOrEmpty(value))
                    {
                        stderr.WriteLine("policylsp serve: --log-file needs a file name");
                        return false;
                    }

                    options = options with { LogFile = value };
                    break;
                case "--log-level":
                    value ??= i + 1 < args.Length ? args[++i] : null;
                    if (ParseLevel(value) is not { } level)
                    {
                        stderr.WriteLine("policylsp serve: --log-level must be one of trace, debug, info, warning, error");
                        return false;
                    }

                    options = options with { LogLevel = level };
                    break;
                default:
                    stderr.WriteLine($"policylsp serve: unknown option \"{args[i]}\"");
                    return false;
            }
        }

        return true;
    }

    public static LogEventLevel? ParseLevel(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "trace" or "verbose" => LogEventLevel.Verbose,
        "debug" => LogEventLevel.Debug,
        "info" or "information" => LogEventLevel.Information,
        "warn" or "warning" => LogEventLevel.Warning,
        "error" => LogEventLevel.Error,
        _ => null,
    };

    private static Logger CreateLogger(Options options, BackgroundLogSink logFile) => new LoggerConfiguration()
        .MinimumLevel.Is(options.LogLevel)
        .Enrich.With(new LogEscaping.Enricher())
        .WriteTo.Sink(new LogEscaping.ExceptionSink(new StderrSink()), LogEventLevel.Warning)
        .WriteTo.Sink(new LogEscaping.ExceptionSink(logFile))
        .CreateLogger();

    /// <summary>The rolling log file; null (and a line on stderr) when it cannot be created.</summary>
    private static Logger? OpenLogFile(string? explicitFile)
    {
        var logFile = explicitFile ?? DefaultLogFile;
        try
        {
            if (LogFileLocation.Prepare(logFile, isDefault: explicitFile is null) is { } refused)
            {
                Console.Error.WriteLine($"policylsp serve: not logging to a file: {refused}; warnings and errors go to stderr only");
                return null;
            }

            return new LoggerConfiguration()
                .MinimumLevel.Verbose()
                .WriteTo.File(
                    logFile,
                    fileSizeLimitBytes: 10 * 1024 * 1024,
                    rollOnFileSizeLimit: true,
                    retainedFileCountLimit: 3,
                    shared: true)
                .CreateLogger();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or DllNotFoundException or EntryPointNotFoundException)
        {
            Console.Error.WriteLine($"policylsp serve: cannot log to {logFile}: {ex.Message}");
            return null;
        }
    }

    /// <summary>Warnings and errors on stderr, which editors show in their server log; stdout carries only the protocol.</summary>
    private sealed class StderrSink : ILogEventSink
    {
        private readonly Lock _lock = new();

        public void Emit(LogEvent logEvent)
        {
            var line = $"policylsp: {logEvent.Level.ToString().ToLowerInvariant()}: {logEvent.RenderMessage()}";
            if (logEvent.Exception is { } ex)
            {
                line += $" ({ex.GetType().Name}: {ex.Message})";
            }

            lock (_lock)
            {
                Console.Error.WriteLine(line);
            }
        }
    }
}
