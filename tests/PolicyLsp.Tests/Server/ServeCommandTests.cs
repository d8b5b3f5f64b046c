using PolicyLsp.Server;
using Serilog.Events;

namespace PolicyLsp.Tests.Server;

public sealed class ServeCommandTests
{
    [Fact]
    public void Defaults_log_to_a_file_of_the_users_own_not_in_the_shared_temp_folder()
    {
        Assert.True(ServeCommand.TryParse([], TextWriter.Null, out var options));
        Assert.Null(options.LogFile);
        Assert.EndsWith(Path.Combine("policylsp", "policylsp-server.log"), ServeCommand.DefaultLogFile, StringComparison.Ordinal);
        Assert.False(ServeCommand.DefaultLogFile.StartsWith(Path.GetTempPath(), StringComparison.Ordinal));
        Assert.Equal(LogEventLevel.Information, options.LogLevel);
    }

    [Fact]
    public void Accepts_stdio_log_file_and_log_level()
    {
        Assert.True(ServeCommand.TryParse(["--stdio", "--log-file", "x.log", "--log-level=debug"], TextWriter.Null, out var options));
        Assert.Equal("x.log", options.LogFile);
        Assert.Equal(LogEventLevel.Debug, options.LogLevel);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--log-level", "loud")]
    [InlineData("--log-file")]
    public void Rejects_bad_options(params string[] args)
    {
        var stderr = new StringWriter();
        Assert.False(ServeCommand.TryParse(args, stderr, out _));
        Assert.StartsWith("policylsp serve:", stderr.ToString(), StringComparison.Ordinal);
    }
}
