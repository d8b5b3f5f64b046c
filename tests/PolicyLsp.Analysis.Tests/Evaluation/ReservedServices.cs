namespace PolicyLsp.Analysis.Tests.Evaluation;

/// <summary>
/// Services kept for independent evaluation (issue 12's list): none of their documents may be selected, labelled or
/// paired for evaluation here. Matched against the words of a service name and path.
/// </summary>
internal static class ReservedServices
{
    public static readonly string[] Names =
    [
        "linkedin", "twitter", "zoom", "reddit", "quora", "instagram", "meta", "facebook", "openai", "chatgpt", "anthropic",
        "claude", "wikimedia", "wikipedia", "mullvad", "olvid", "starlink", "atlassian", "tiktok", "pinterest", "snapchat",
        "deepseek", "perplexity", "discord", "qwant", "scaleway", "duckduckgo", "bankid", "slack", "adobe", "google",
        "microsoft", "mistral", "spotify", "grammarly", "tumblr", "wetransfer", "vercel",
    ];
}
