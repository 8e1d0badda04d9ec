using SecureStream.Proxy.Tests.Functional.Infrastructure;
using SecureStream.ViewerClient;

namespace SecureStream.Proxy.Tests.Cluster.Infrastructure;

/// <summary>
/// A playing WebRTC viewer (the ViewerClient, video only, over WHEP) sent to a camera through one
/// front door of a <see cref="ClusterUnderTest"/>: <see cref="Packets"/> grows while media arrives;
/// <see cref="StopAsync"/> hangs up (DTLS close_notify, then WHEP DELETE) and gives the result.
/// </summary>
internal sealed class ClusterViewer : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task<ViewerResult> _run;

    private ClusterViewer(WebRtcViewer viewer, CancellationToken cancellationToken)
    {
        Viewer = viewer;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _run = viewer.RunAsync(_stop.Token);
    }

    public WebRtcViewer Viewer { get; }

    /// <summary>Media packets received so far.</summary>
    public long Packets => Viewer.Packets;

    /// <summary>
    /// Starts a viewer on a signed link to <paramref name="pathAndQuery"/> (e.g. <c>demo/h264/whep</c>)
    /// through <paramref name="frontDoor"/>, and fails the test (with every process's output) unless
    /// it sees a keyframe and <paramref name="packets"/> packets within 90 s.
    /// </summary>
    public static async Task<ClusterViewer> PlayAsync(
        ClusterUnderTest cluster, HttpClient http, ClusterNode frontDoor, string pathAndQuery, CancellationToken cancellationToken, long packets = 100)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var viewer = new ClusterViewer(
            new WebRtcViewer(new WhepSignalling(http, cluster.SignedLink(frontDoor, pathAndQuery)), new WebRtcViewerOptions { Audio = false }),
            cancellationToken);
        Assert.True(
            await GatewayUnderTest.EventuallyAsync(() => viewer.Viewer.SawKeyframe && viewer.Packets > packets, timeoutMs: 90_000),
            $"the viewer through {frontDoor.Name} did not play ({viewer.Packets} packets)\n{cluster.Describe()}");
        return viewer;
    }

    /// <summary>Hangs up and returns how the viewing went.</summary>
    public async Task<ViewerResult> StopAsync()
    {
        await _stop.CancelAsync();
        return await _run;
    }

    public void Dispose() => _stop.Dispose();
}
