using System.Text;

namespace PolicyLsp.Analysis.Text;

/// <summary>Reads a policy file as strict UTF-8, refusing binary files with a clear reason.</summary>
public static class DocumentReader
{
    /// <summary>Larger files are refused rather than analysed (a policy is never this long).</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool TryRead(string path, out string text, out string? error)
    {
        text = string.Empty;
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (info.Length > MaxBytes)
            {
                error = $"file is {info.Length / (1024 * 1024)} MiB, over the {MaxBytes / (1024 * 1024)} MiB limit; skipped";
                return false;
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"cannot read file: {ex.Message}";
            return false;
        }

        return TryDecode(bytes, out text, out error);
    }

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
