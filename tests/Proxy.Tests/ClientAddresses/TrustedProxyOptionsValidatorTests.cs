using SecureStream.Proxy.ClientAddresses;

namespace SecureStream.Proxy.Tests.ClientAddresses;

public sealed class TrustedProxyOptionsValidatorTests
{
    private static TrustedProxyOptions Options(params string[] networks)
    {
        var options = new TrustedProxyOptions();
        foreach (var network in networks)
        {
            options.Networks.Add(network);
        }

        return options;
    }

    [Fact]
    public void Validate_DocumentedExample_Succeeds()
    {
        var result = new TrustedProxyOptionsValidator().Validate(null, Options("127.0.0.1/32", "10.0.0.0/8", "::1/128"));

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Validate_Default_EmptyAndValid()
    {
        var options = new TrustedProxyOptions();

        Assert.Empty(options.Networks);
        Assert.True(new TrustedProxyOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_EveryBadEntry_ReportedWithKey()
    {
        var result = new TrustedProxyOptionsValidator().Validate(null, Options(
            "10.0.0.0/8", "10.0.0.1/8", "10.0.0.0", "banana", "", "10.0.0.0/33", "0.0.0.0/0", "::/0", "fd00::/8"));

        Assert.True(result.Failed);
        Assert.Equal(
            ["TrustedProxies:Networks:1", "TrustedProxies:Networks:2", "TrustedProxies:Networks:3", "TrustedProxies:Networks:4",
             "TrustedProxies:Networks:5", "TrustedProxies:Networks:6", "TrustedProxies:Networks:7"],
            result.Failures!.Select(f => f.Split(": ")[0]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65)]
    public void Validate_ForwardLimitOutOfRange_ErrorNamesKeyAndRange(int limit)
    {
        var options = Options("10.0.0.0/8");
        options.ForwardLimit = limit;

        var result = new TrustedProxyOptionsValidator().Validate(null, options);

        Assert.False(result.Succeeded);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("TrustedProxies:ForwardLimit:", failure, StringComparison.Ordinal);
        Assert.Contains("between 1 and 64", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DefaultForwardLimit_Ten()
    {
        Assert.Equal(10, new TrustedProxyOptions().ForwardLimit);
    }
}
