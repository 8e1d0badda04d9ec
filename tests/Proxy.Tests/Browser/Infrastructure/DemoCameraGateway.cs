using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureStream.DemoCameras;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Browser.Infrastructure;

/// <summary>
/// The gateway as a single node plays demo cameras: the embedded origin, and the built-in demo
/// camera server with the origin map pointing at it. The demo server's port goes into the origin
/// map's URL before the gateway starts, so the socket is bound here (port 0, loopback) and handed
/// to the demo server: the port is held from the moment it is known, never released and re-bound.
/// </summary>
public static class DemoCameraGateway
{
    /// <summary>
    /// Starts it; <paramref name="settings"/> adds or overrides configuration keys; <paramref name="webhook"/> turns on the admission webhook;
    /// <paramref name="services"/> registers services before the gateway's own (e.g. a log sink).
    /// </summary>
    public static async Task<GatewayUnderTest> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, bool webhook = false, Action<IServiceCollection>? services = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)socket.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture);
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

            // Registered before the gateway's own (AddDemoCameras uses TryAdd), so this server,
            // on the socket bound above, is the one the gateway starts, stops and disposes.
            return await GatewayUnderTest.StartAsync(embeddedOrigin: true, webhook: webhook, settings: all, services: collection =>
            {
                collection.AddSingleton(provider => new DemoCameraServer(
                    socket,
                    provider.GetRequiredService<IOptions<DemoCameraServerOptions>>().Value,
                    provider.GetService<TimeProvider>() ?? TimeProvider.System,
                    provider.GetRequiredService<ILoggerFactory>()));
                services?.Invoke(collection);
            });
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
