using SecureStream.Media.Tests.Interop;

namespace SecureStream.Proxy.Tests.Functional.Infrastructure;

/// <summary>
/// The gateway as a single node in front of real GStreamer cameras: camera <c>demo/{mount}</c> is
/// <c>rtsp://127.0.0.1:{port}/{mount}</c>, with one URL per camera process in failover order.
/// </summary>
internal static class GStreamerGateway
{
    /// <summary>Starts it; <paramref name="policySections"/> adds or overrides policy.json sections, as for <see cref="GatewayUnderTest.StartAsync"/>.</summary>
    public static Task<GatewayUnderTest> StartAsync(
        IReadOnlyList<GStreamerCamera> cameras,
        bool webhook = false,
        IDictionary<string, string?>? extra = null,
        Action<Dictionary<string, object?>>? policySections = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["OriginMap:Origins:0:Location"] = "/demo",
            ["OriginMap:Origins:0:Scheme"] = "rtsp",
        };
        for (var i = 0; i < cameras.Count; i++)
        {
            settings[$"OriginMap:Origins:0:Urls:{i}"] = $"127.0.0.1:{cameras[i].Port}";
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return GatewayUnderTest.StartAsync(policySections, settings: settings, webhook: webhook, embeddedOrigin: true);
    }
}
