using System.Text;

namespace PolicyLsp.Analysis.Text;

/// <summary>
/// Reads a policy (or a config) as strict UTF-8 from an untrusted tree: only regular files (after following links), at
/// most a byte cap counted while reading (a device's reported length means nothing), within a time limit; anything else
/// is refused with a clear reason and nothing is thrown.
/// </summary>
internal static class DocumentReader
{
    /// <summary>Larger files are refused rather than analysed (a policy is never this long).</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <summary>How long one read may take before the file is refused (a stalled network mount, a file swapped for a FIFO).</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool TryRead(string path, out string text, out string? error) => TryRead(path, MaxBytes, out text, out error);

    public static bool TryRead(string path, long maxBytes, out string text, out string? error)
    {
        text = string.Empty;
        return TryReadBytes(path, maxBytes, out var bytes, out error) && TryDecode(bytes, out text, out error);
    }

    /// <summary>The bytes of a regular file of at most <paramref name="maxBytes"/>, or why they could not be read.</summary>
    public static bool TryReadBytes(string path, long maxBytes, out byte[] bytes, out string? error)
    {
        bytes = [];
        var status = FileProbe.Stat(path);
        if (status.Kind == FileKind.Missing)
        {
            error = "cannot read file: no such file";
            return false;
        }

        if (status.Kind != FileKind.Regular)
        {
            error = $"not a regular file ({status.Describe()}); skipped";
            return false;
        }

        if (status.Size > maxBytes)
        {
            error = TooLarge(status.Size, maxBytes);
            return false;
        }

        // The file was regular a moment ago; reading still runs under a deadline and a cap in case that changed.
        var read = Task.Run(() => ReadCapped(path, maxBytes, status.Size));
        if (!read.Wait(ReadTimeout))
        {
            error = $"reading took longer than {ReadTimeout.TotalSeconds:0} s; skipped";
            return false;
        }

        (bytes, error) = read.Result;
        return error is null;
    }

    private static (byte[] Bytes, string? Error) ReadCapped(string path, long maxBytes, long expected)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            var buffer = new byte[(int)Math.Min(Math.Max(expected, 0) + 1, maxBytes + 1)];
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes)
                    {
                        return ([], TooLarge(length, maxBytes, atLeast: true));
                    }

                    Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, maxBytes + 1));
                }

                var n = stream.Read(buffer, length, buffer.Length - length);
                if (n == 0)
                {
                    break;
                }

                length += n;
            }

            if (length > maxBytes)
            {
                return ([], TooLarge(length, maxBytes, atLeast: true));
            }

            Array.Resize(ref buffer, length);
            return (buffer, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return ([], $"cannot read file: {ex.Message}");
        }
    }

    private static string TooLarge(long size, long maxBytes, bool atLeast = false) => atLeast
        ? $"file is larger than the {Human(maxBytes)} limit; skipped"
        : $"file is {Human(size)}, over the {Human(maxBytes)} limit; skipped";

    private static string Human(long bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / (1024 * 1024)} MiB" : bytes >= 1024 ? $"{bytes / 1024} KiB" : $"{bytes} bytes";

    public static bool TryDecode(byte[] bytes, out string text, out string? error)
    {
        text = string.Empty;
        var probe = Math.Min(bytes.Length, 8192);
        if (Array.IndexOf(bytes, (byte)0, 0, probe) >= 0)
        {
            error = "binary file (contains NUL bytes); skipped";
            return false;
        }

        try
        {
            var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            text = StrictUtf8.GetString(bytes, start, bytes.Length - start);
            error = null;
            return true;
        }
        catch (DecoderFallbackException ex)
        {
            error = $"not valid UTF-8 (invalid byte at offset {ex.Index}); skipped";
            return false;
        }
    }
}
