namespace PolicyLsp.Analysis.Parsing;

internal static class NestingGuard
{
    public static string Flatten(string text, int maxNesting) => text;
}
