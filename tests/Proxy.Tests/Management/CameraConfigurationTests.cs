using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Management;

/// <summary>The registry's configuration through the real gateway: refused at start with every problem, and restart persistence.</summary>
public sealed class CameraConfigurationTests
{
    private const string Streams = "/v1/vhosts/default/apps/site/streams";

    [Fact]
    public async Task Start_BadRegistrySections_RefusedWithEveryProblemAtOnce_NoUrlEchoed()
    {
        var settings = new Dictionary<string, string?>
        {
            ["OriginMap:Origins:0:Location"] = "/app/cam1/extra",
            ["OriginMap:Origins:0:Scheme"] = "http",
            ["OriginMap:Origins:0:Urls:0"] = "admin:topsecret@cam/x y",
            ["OriginMap:NoInputFailoverTimeoutMs"] = "1",
            ["CameraRegistry:MaxRegistrations"] = "0",
            ["OriginMapStore:Enabled"] = "true",
            ["OriginMapStore:LookupTimeoutMs"] = "1",
        };

        var error = await Assert.ThrowsAnyAsync<Exception>(() => GatewayUnderTest.StartAsync(settings: settings));

        var messages = Flatten(error);
        foreach (var key in new[]
        {
            "OriginMap:Origins:0:Location", "OriginMap:Origins:0:Scheme", "OriginMap:NoInputFailoverTimeoutMs",
            "CameraRegistry:MaxRegistrations", "OriginMapStore:Endpoints", "OriginMapStore:LookupTimeoutMs",
        })
        {
            Assert.True(messages.Contains(key, StringComparison.Ordinal), key + " missing from: " + messages);
        }

        Assert.DoesNotContain("topsecret", messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registration_SurvivesGatewayRestart()
    {
        var store = Path.Combine(Directory.CreateTempSubdirectory("securestream-store-").FullName, "cameras.json");
        var settings = new Dictionary<string, string?> { ["CameraRegistry:StorePath"] = store };
        await using (var first = await GatewayUnderTest.StartAsync(settings: settings))
        {
            using var created = await first.Client.SendAsync(first.ManagementRequest(HttpMethod.Post, Streams, """{"name":"door","urls":["rtsp://u:p@10.0.0.5/s"]}"""));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await using var second = await GatewayUnderTest.StartAsync(settings: settings);
        using var got = await second.Client.SendAsync(second.ManagementRequest(HttpMethod.Get, Streams + "/door"));
        Assert.Equal(HttpStatusCode.OK, got.StatusCode);
        Assert.Contains("rtsp://***@10.0.0.5/s", await got.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Directory.Delete(Path.GetDirectoryName(store)!, recursive: true);
    }

    private static string Flatten(Exception error) =>
        error is AggregateException aggregate
            ? string.Join("\n", aggregate.InnerExceptions.Select(Flatten))
            : error.Message + (error.InnerException is null ? string.Empty : "\n" + Flatten(error.InnerException));
}
