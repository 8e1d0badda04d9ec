namespace SecureStream.Proxy.Tests.Functional.Infrastructure;

/// <summary>One gateway (with a webhook) shared by a test class whose tests do not interfere; tests assert on deltas.</summary>
public sealed class SharedGateway : IAsyncLifetime
{
    public GatewayUnderTest Gateway { get; private set; } = null!;

    public async Task InitializeAsync() => Gateway = await GatewayUnderTest.StartAsync(webhook: true);

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}
