using SecureStream.Media.WebRtc.Dtls;

namespace SecureStream.Media.Tests.WebRtc.Dtls;

public sealed class DtlsOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new DtlsOptionsValidator().Validate(null, new DtlsOptions()).Succeeded);
    }

    [Fact]
    public void Validate_EverythingWrong_ReportsEveryKeyAtOnce()
    {
        var options = new DtlsOptions
        {
            HandshakeTimeout = TimeSpan.Zero,
            MaxSendDatagramSize = 100,
            MaxReceiveDatagramSize = 70000,
            ReceiveQueueCapacity = 0,
        };

        var result = new DtlsOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(4, failures.Count);
        Assert.Contains(failures, f => f.Contains("WebRtc:Dtls:HandshakeTimeout", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("WebRtc:Dtls:MaxSendDatagramSize", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("WebRtc:Dtls:MaxReceiveDatagramSize", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("WebRtc:Dtls:ReceiveQueueCapacity", StringComparison.Ordinal));
    }
}
