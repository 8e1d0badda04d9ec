using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using SecureStream.Policy.Admission;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>What keeps an idle gateway from waking up (issue 5, S1: under 0.5 % of a core).</summary>
public sealed class IdleTimerTests
{
    [Fact]
    public async Task AdmissionHttpClient_HandlerNeverExpires()
    {
        await using var gateway = await GatewayUnderTest.StartAsync();
        var options = gateway.Services.GetRequiredService<IOptionsMonitor<HttpClientFactoryOptions>>().Get(nameof(AdmissionClient));

        // Singletons hold the client for the process's life: an expiring handler could never be
        // retired, and the factory would check for it every 10 s forever.
        Assert.Equal(Timeout.InfiniteTimeSpan, options.HandlerLifetime);
    }
}
