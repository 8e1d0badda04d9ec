using System.Security.Cryptography;
using SecureStream.Proxy.Cli;

namespace SecureStream.Proxy.Tests.Cli;

/// <summary>
/// The <c>origin</c> verb's arguments: settings that cannot run an origin are refused with the
/// setting and the fix before anything is bound (exit 2), an unusable key like any invalid
/// configuration (exit 1), and the verb is in the usage text. The origin running is
/// Functional/StandaloneOriginTests.
/// </summary>
public sealed class OriginCommandTests
{
    [Fact]
    public async Task Origin_WithoutTicketKey_Exit2NamingTheSettingAndNothingStarts()
    {
        var (exit, output, error) = await RunAsync("origin", "--Listeners:Origin:Port=0", "--WebRtc:Ice:Port=0");

        Assert.Equal(2, exit);
        Assert.Contains("Origin:TicketKey is required", error, StringComparison.Ordinal);
        Assert.Contains("env:NAME or file:PATH", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public async Task Origin_BlankTicketKey_Exit2()
    {
        var (exit, _, error) = await RunAsync("origin", "--Origin:TicketKey= ");

        Assert.Equal(2, exit);
        Assert.Contains("Origin:TicketKey is required", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Origin_OriginListenerDisabled_Exit2NamingIt()
    {
        using var key = new KeyFile();

        var (exit, _, error) = await RunAsync("origin", "--Origin:TicketKey=file:" + key.Path, "--Listeners:Origin:Enabled=false");

        Assert.Equal(2, exit);
        Assert.Contains("Listeners:Origin is disabled", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Origin_TicketKeyFileMissing_Exit1ConfigurationInvalid()
    {
        var missing = Path.Combine(Path.GetTempPath(), "securestream-no-such-key-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)));

        var (exit, _, error) = await RunAsync(
            "origin", "--Origin:TicketKey=file:" + missing, "--Listeners:Origin:Address=127.0.0.1", "--Listeners:Origin:Port=0",
            "--WebRtc:Ice:BindAddress=127.0.0.1", "--WebRtc:Ice:AdvertisedAddresses:0=127.0.0.1", "--WebRtc:Ice:Port=0", "--CameraRegistry:StorePath=" + Path.Combine(Path.GetTempPath(), "unused-cameras.json"));

        Assert.Equal(1, exit);
        Assert.Contains("the configuration is invalid", error, StringComparison.Ordinal);
        Assert.Contains("Origin:TicketKey", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsTheOriginVerb()
    {
        var (exit, output, _) = await RunAsync("help");

        Assert.Equal(0, exit);
        Assert.Contains("SecureStream.Proxy origin --Origin:TicketKey=env:NAME|file:PATH", output, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await GatewayCommandLine.RunAsync(args, output, error, _ => throw new InvalidOperationException("the origin verb must not run the gateway"));
        return (exit, output.ToString(), error.ToString());
    }

    private sealed class KeyFile : IDisposable
    {
        public string Path { get; } = System.IO.Path.GetTempFileName();

        public KeyFile() => File.WriteAllText(Path, Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));

        public void Dispose() => File.Delete(Path);
    }
}
