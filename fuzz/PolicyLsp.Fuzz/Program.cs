using SharpFuzz;

namespace PolicyLsp.Fuzz;

/// <summary>
/// <c>PolicyLsp.Fuzz document|message</c> runs under afl-fuzz (SharpFuzz fork server);
/// <c>PolicyLsp.Fuzz replay document|message FILE…</c> runs saved inputs and prints what each one throws;
/// <c>PolicyLsp.Fuzz minimise document|message IN OUT</c> shrinks a crashing input in process (afl-tmin needs a
/// separate SharpFuzz entry point and a process start per try).
/// </summary>
public static class Program
{
    /// <summary>An input running this long is reported as a crash (afl-fuzz's own timeout would end the fork server).</summary>
    private static readonly TimeSpan InputLimit = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("POLICYLSP_FUZZ_INPUT_LIMIT_S"), out var seconds) ? seconds : 20);

    public static int Main(string[] args)
    {
        if (args.Length >= 2 && args[0] == "replay" && Target(args[1]) is { } replayed)
        {
            return Replay(replayed, args[2..]);
        }

        if (args.Length == 4 && args[0] == "minimise" && Target(args[1]) is { } shrunk)
        {
            return Minimise(shrunk, args[2], args[3]);
        }

        if (args.Length != 1 || Target(args[0]) is not { } target)
        {
            Console.Error.WriteLine("usage: PolicyLsp.Fuzz document|message | replay document|message FILE... | minimise document|message IN OUT");
            return 2;
        }

        // Out of process: a stack overflow or a hang kills only the child, which SharpFuzz restarts and reports as a crash.
        using var watchdog = new Timer(_ => Environment.FailFast($"a fuzz input ran longer than {InputLimit.TotalSeconds} s"));
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            watchdog.Change(InputLimit, Timeout.InfiniteTimeSpan);
            target(buffer.ToArray());
            watchdog.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        });
        return 0;
    }

    private static Action<byte[]>? Target(string name) => name switch
    {
        "document" => DocumentTarget.Run,
        "message" => MessageTarget.Run,
        _ => null,
    };

    private static int Replay(Action<byte[]> target, string[] files)
    {
        var failed = 0;
        foreach (var file in files)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                target(File.ReadAllBytes(file));
                Console.Error.WriteLine($"{file}: ok in {started.ElapsedMilliseconds} ms");
            }
            catch (Exception ex)
            {
                failed++;
                Console.Error.WriteLine($"{file}: {ex}");
            }
        }

        return failed == 0 ? 0 : 1;
    }

    /// <summary>Drops ever smaller chunks of the input while it still fails with the same exception type and message shape.</summary>
    private static int Minimise(Action<byte[]> target, string inputPath, string outputPath)
    {
        var input = File.ReadAllBytes(inputPath);
        var signature = Failure(target, input);
        if (signature is null)
        {
            Console.Error.WriteLine($"{inputPath}: does not fail; nothing to minimise");
            return 1;
        }

        for (var chunk = input.Length / 2; chunk >= 1; chunk /= 2)
        {
            for (var at = 0; at + chunk <= input.Length;)
            {
                byte[] candidate = [.. input[..at], .. input[(at + chunk)..]];
                if (Failure(target, candidate) == signature)
                {
                    input = candidate;
                }
                else
                {
                    at += chunk;
                }
            }
        }

        File.WriteAllBytes(outputPath, input);
        Console.Error.WriteLine($"{outputPath}: {input.Length} bytes, still {signature}");
        return 0;
    }

    /// <summary>The exception's type and message with numbers blanked out (so shorter inputs still match), or null.</summary>
    private static string? Failure(Action<byte[]> target, byte[] input)
    {
        try
        {
            target(input);
            return null;
        }
        catch (Exception ex)
        {
            var inner = ex.InnerException ?? ex;
            return System.Text.RegularExpressions.Regex.Replace($"{ex.GetType().Name}/{inner.GetType().Name}: {ex.Message}", "[0-9]+", "#");
        }
    }
}
