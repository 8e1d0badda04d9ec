using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SecureStream.Media.Rtsp;
using SecureStream.Media.Sources;
using SecureStream.Media.Streams;
using SecureStream.Media.Tests.Streams;

namespace SecureStream.Media.Tests.Interop;

/// <summary>A stream hub pulling real cameras over the real RTSP client, as the origin builds it.</summary>
internal static class InteropHub
{
    public static StreamHub Create(RtspReceiveMode receiveMode = RtspReceiveMode.Auto) => new(
        new CameraSourceFactory(Options.Create(new RtspClientOptions { ReceiveMode = receiveMode }), TimeProvider.System, NullLoggerFactory.Instance),
        TimeProvider.System,
        new StreamHubMetrics(new TestMeterFactory()),
        NullLoggerFactory.Instance);

    /// <summary>
    /// Quick reconnects and a start bounded generously for a loaded machine (a bound, not a timing
    /// assertion). A GStreamer camera (an x265 encode in real time) starved of CPU by a busy 2-core
    /// machine can pause for over a second: a 1 s no-input failover then reconnected a healthy
    /// camera mid-test (a timestamp jump, a second keyframe); a killed camera is still noticed at
    /// once, by its closed connection.
    /// </summary>
    public static StreamSettings Settings() => StreamSettings.Default with
    {
        NoInputFailoverTimeout = TimeSpan.FromSeconds(5),
        FailoverBackoff = TimeSpan.FromMilliseconds(200),
        FailoverBackoffMax = TimeSpan.FromSeconds(1),
        StartTimeout = TimeSpan.FromSeconds(60),
    };
}
