namespace SecureStream.LoadTool.Tests;

public sealed class LoadToolArgumentsTests
{
    private const string Link = "http://127.0.0.1:3333/demo/lobby/whep?policy=eyJ9&signature=SECRETSIGNATURE";

    [Fact]
    public void TryParse_UrlOnly_Defaults()
    {
        Assert.True(LoadToolArguments.TryParse(["--url", Link], out var options, out var errors), string.Join("; ", errors));

        Assert.Equal(1, options.Viewers);
        Assert.Equal(10, options.Ramp);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Duration);
        Assert.Null(options.Pid);
        Assert.Null(options.Churn);
        Assert.True(options.Audio);
        Assert.Equal([0x0001, 0x0007], options.SrtpProfiles);
    }

    [Theory]
    [InlineData("gcm", new[] { 0x0007 })]
    [InlineData("cm", new[] { 0x0001 })]
    [InlineData("AEAD_AES_128_GCM, aes_cm_128_hmac_sha1_80", new[] { 0x0007, 0x0001 })]
    public void TryParse_SrtpProfiles_OfferedInTheGivenOrder(string value, int[] expected)
    {
        Assert.True(LoadToolArguments.TryParse(["--url", Link, "--srtp-profiles", value], out var options, out var errors), string.Join("; ", errors));

        Assert.Equal(expected, options.SrtpProfiles);
    }

    [Theory]
    [InlineData("aes256gcm", "is not cm or gcm")]
    [InlineData("gcm,gcm", "listed twice")]
    [InlineData(",", "at least one")]
    public void TryParse_SrtpProfilesWrong_Refused(string value, string expected)
    {
        Assert.False(LoadToolArguments.TryParse(["--url", Link, "--srtp-profiles", value], out _, out var errors));

        Assert.Contains(errors, e => e.Contains("--srtp-profiles", StringComparison.Ordinal) && e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void TryParse_EveryOption_Read()
    {
        Assert.True(LoadToolArguments.TryParse(
            ["--url", Link, "--viewers", "50", "--ramp", "5", "--duration", "30", "--pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--json", "out.json", "--churn", "20", "--lifetime", "1.5", "--baseline", "0", "--connect-timeout", "5", "--no-audio", "--sources", "4", "--settle", "65", "--warmup", "3"],
            out var options,
            out var errors), string.Join("; ", errors));

        Assert.Equal(50, options.Viewers);
        Assert.Equal(5, options.Ramp);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Duration);
        Assert.Equal(Environment.ProcessId, options.Pid);
        Assert.Equal("out.json", options.JsonPath);
        Assert.Equal(20, options.Churn);
        Assert.Equal(TimeSpan.FromSeconds(1.5), options.Lifetime);
        Assert.Equal(TimeSpan.Zero, options.Baseline);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ConnectTimeout);
        Assert.False(options.Audio);
        Assert.Equal(4, options.Sources);
        Assert.Equal(TimeSpan.FromSeconds(65), options.Settle);
        Assert.Equal(TimeSpan.FromSeconds(3), options.WarmUp);
    }

    [Fact]
    public void TryParse_SeveralProblems_AllReportedWithoutTheLink()
    {
        Assert.False(LoadToolArguments.TryParse(
            ["--url", "http://192.0.2.7:3333/demo/lobby/whep?signature=SECRETSIGNATURE", "--viewers", "0", "--ramp", "x", "--frobnicate", "1"],
            out _,
            out var errors));

        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("--url:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--viewers:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--ramp:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("--frobnicate", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("SECRETSIGNATURE", StringComparison.Ordinal));
    }

    [Fact]
    public void TryParse_NoUrl_Refused()
    {
        Assert.False(LoadToolArguments.TryParse(["--viewers", "2"], out _, out var errors));
        Assert.Contains(errors, e => e.StartsWith("--url is required", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://localhost:3333/a/b/whep")]
    [InlineData("http://[::1]:3333/a/b/whep")]
    [InlineData("http://127.0.0.2:3333/a/b/whep")]
    public void TryParse_LoopbackHosts_Accepted(string url)
    {
        Assert.True(LoadToolArguments.TryParse(["--url", url], out _, out var errors), string.Join("; ", errors));
    }

    [Theory]
    [InlineData("http://10.0.0.5:3333/a/b/whep")]
    [InlineData("http://cams.example.com/a/b/whep")]
    [InlineData("ftp://127.0.0.1/a/b/whep")]
    [InlineData("/a/b/whep")]
    public void TryParse_OffMachineOrNotHttp_Refused(string url)
    {
        Assert.False(LoadToolArguments.TryParse(["--url", url], out _, out _));
    }

    [Fact]
    public void UrlFor_SeveralUrlsWithTemplate_RoundRobinWithIndex()
    {
        Assert.True(LoadToolArguments.TryParse(
            ["--url", "http://127.0.0.1:3333/demo/cam{i}/whep", "--url", "http://127.0.0.1:3333/demo/fixed/whep"], out var options, out _));

        Assert.Equal("http://127.0.0.1:3333/demo/cam0/whep", options.UrlFor(0));
        Assert.Equal("http://127.0.0.1:3333/demo/fixed/whep", options.UrlFor(1));
        Assert.Equal("http://127.0.0.1:3333/demo/cam2/whep", options.UrlFor(2));
    }
}
