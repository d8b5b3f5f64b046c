namespace PolicyLsp.Cli;

/// <summary>What the tool says about itself; the help text is made from the command tree (<see cref="CommandTree"/>).</summary>
internal static class Usage
{
    public static string Version => typeof(Usage).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>"policylsp 0.1.0": how reports name the tool that wrote them.</summary>
    public static string Tool => $"policylsp {Version}";
}
