using System.Text.Json;
using System.Text.Json.Nodes;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>Signed-link virtual hosts restricted to named hosts: another Host header matches no key set.</summary>
public sealed class GateVirtualHostTests : IAsyncLifetime
{
    private GatewayUnderTest _gateway = null!;

    public async Task InitializeAsync() =>
        _gateway = await GatewayUnderTest.StartAsync(
            policy =>
            {
                var signedUrls = JsonSerializer.SerializeToNode(policy["signedUrls"])!;
                signedUrls["virtualHosts"]![0]!["hosts"] = new JsonArray("127.0.0.1");
                policy["signedUrls"] = signedUrls;
            },
            webhook: true);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task HostOfTheVirtualHost_IsAdmitted()
    {
        var before = GateProbe.Mark(_gateway);

        using var response = await GateProbe.OfferAsync(_gateway, _gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice"));

        Assert.Equal(201, (int)response.StatusCode);
        GateProbe.AssertAdmitted(_gateway, before, "/app/cam1/whep");
    }

    public static TheoryData<string, string> OtherHosts => new()
    {
        { "another name", "cameras.example" },
        { "another name with the port", "cameras.example:3333" },
        { "localhost", "localhost" },
    };

    [Theory]
    [MemberData(nameof(OtherHosts))]
    public async Task AnotherHostHeader_IsUnknownHost(string name, string host)
    {
        Assert.NotEmpty(name);
        var link = _gateway.SignedLink("app/cam1", suffix: "/whep", subject: "alice");
        var before = GateProbe.Mark(_gateway);

        using var response = await GateProbe.OfferAsync(_gateway, link, headers: new Dictionary<string, string> { ["Host"] = host });

        await GateProbe.AssertDeniedAsync(_gateway, before, response, 421, "unknown_host");
    }
}
