using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Browser.Infrastructure;

/// <summary>
/// The gateway as a single node plays demo cameras: the embedded origin, and the built-in demo
/// camera server with the origin map pointing at it. The demo server's port goes into the origin
/// map's URL, so it is chosen here (a free loopback port) rather than left to the server.
/// </summary>
public static class DemoCameraGateway
{
    /// <summary>Starts it; <paramref name="settings"/> adds or overrides configuration keys; <paramref name="webhook"/> turns on the admission webhook.</summary>
    public static Task<GatewayUnderTest> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, bool webhook = false)
    {
        var port = FreeLoopbackPort().ToString(CultureInfo.InvariantCulture);
        var all = new Dictionary<string, string?>
        {
            ["DemoCameras:Enabled"] = "true",
            ["DemoCameras:Port"] = port,
            ["OriginMap:Origins:0:Location"] = "/demo",
            ["OriginMap:Origins:0:Scheme"] = "rtsp",
            ["OriginMap:Origins:0:Urls:0"] = $"127.0.0.1:{port}/demo",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return GatewayUnderTest.StartAsync(embeddedOrigin: true, webhook: webhook, settings: all);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
