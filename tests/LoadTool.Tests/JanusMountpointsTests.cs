namespace SecureStream.LoadTool.Tests;

public sealed class JanusMountpointsTests
{
    [Fact]
    public void TryParse_IdAndRange_Added()
    {
        var mountpoints = new List<long>();

        Assert.True(JanusMountpoints.TryParse("7", mountpoints));
        Assert.True(JanusMountpoints.TryParse("1-3", mountpoints));

        Assert.Equal([7L, 1, 2, 3], mountpoints);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("a")]
    [InlineData("3-1")]
    [InlineData("1-")]
    [InlineData("1-100001")]
    [InlineData("")]
    public void TryParse_NotAnIdOrRange_False(string value)
    {
        var mountpoints = new List<long>();

        Assert.False(JanusMountpoints.TryParse(value, mountpoints));
        Assert.Empty(mountpoints);
    }

    [Fact]
    public void Arguments_Janus_SelectsJanusWithMountpoints()
    {
        Assert.True(LoadToolArguments.TryParse(["--janus", "http://127.0.0.1:8088/janus", "--mountpoint", "1-2", "--viewers", "4"], out var options, out var errors), string.Join("; ", errors));

        Assert.Equal("http://127.0.0.1:8088/janus", options.JanusApi);
        Assert.Equal([1L, 2], options.Mountpoints);
    }

    [Theory]
    [InlineData("--janus and --url", "--janus", "http://127.0.0.1:8088/janus", "--mountpoint", "1", "--url", "http://127.0.0.1:3333/w")]
    [InlineData("--janus needs --mountpoint", "--janus", "http://127.0.0.1:8088/janus")]
    [InlineData("--mountpoint needs --janus", "--url", "http://127.0.0.1:3333/w", "--mountpoint", "1")]
    [InlineData("must be on this machine", "--janus", "http://192.0.2.9:8088/janus", "--mountpoint", "1")]
    public void Arguments_BadJanusCombination_NamedError(string expected, params string[] args)
    {
        Assert.False(LoadToolArguments.TryParse(args, out _, out var errors));

        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }
}
