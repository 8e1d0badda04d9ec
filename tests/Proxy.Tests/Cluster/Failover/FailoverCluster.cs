using System.Text.RegularExpressions;
using SecureStream.Media.Tests.Interop;
using SecureStream.Proxy.Tests.Cluster.Infrastructure;

namespace SecureStream.Proxy.Tests.Cluster.Failover;

/// <summary>
/// The cluster the failover tests watch in Chromium: <see cref="ClusterUnderTest"/>'s real
/// processes (a redis-server, two origins, two front doors <c>fd-a</c> and <c>fd-b</c>) in front
/// of one GStreamer camera, <c>demo/h264</c>, whose own count of connections says which origins
/// pull it.
/// </summary>
internal sealed partial class FailoverCluster : IAsyncDisposable
{
    public const string Camera = "demo/h264";

    private FailoverCluster(ClusterUnderTest nodes, GStreamerCamera camera)
    {
        Nodes = nodes;
        CameraServer = camera;
    }

    public ClusterUnderTest Nodes { get; }

    /// <summary>The camera; its <see cref="GStreamerCamera.Clients"/> is the number of origins pulling it now.</summary>
    public GStreamerCamera CameraServer { get; }

    public static async Task<FailoverCluster> StartAsync(CancellationToken cancellationToken)
    {
        var camera = await GStreamerCamera.StartAsync(cancellationToken);
        try
        {
            var nodes = await ClusterUnderTest.StartAsync(
                new ClusterOptions { CameraSettings = ClusterUnderTest.CameraSettingsFor(camera) }, cancellationToken);
            return new FailoverCluster(nodes, camera);
        }
        catch
        {
            await camera.DisposeAsync();
            throw;
        }
    }

    /// <summary>The origin that pulls the camera, from its own log line (event 3401); fails if two do.</summary>
    public async Task<ClusterNode> PullingOriginAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var pulling = Nodes.Origins.Where(origin => origin.IsRunning && Pulled(origin)).ToList();
            if (pulling.Count > 0)
            {
                return Assert.Single(pulling);
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Whether <paramref name="origin"/> logged that it pulls the camera.</summary>
    public static bool Pulled(ClusterNode origin) => CameraReady().IsMatch(origin.Output);

    /// <summary>A signed link to the camera through <c>127.0.0.1:<paramref name="port"/></c> (a front door, or what stands in front of them).</summary>
    public string SignedLink(int port, string scheme = "http", string suffix = "") =>
        Nodes.SignedLink(new Uri($"{scheme}://127.0.0.1:{port}"), Camera + suffix).ToString();

    /// <summary>The player page for the camera through <paramref name="port"/>, with a signed link.</summary>
    public string PlayerPage(int port) => $"http://127.0.0.1:{port}/play/{Camera}{new Uri(SignedLink(port, suffix: "/whep")).Query}";

    public async ValueTask DisposeAsync()
    {
        await Nodes.DisposeAsync();
        await CameraServer.DisposeAsync();
    }

    [GeneratedRegex(@"Camera demo/h264: source \d+ ready with")]
    private static partial Regex CameraReady();
}
