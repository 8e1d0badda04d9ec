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
    public static StreamHub Create() => new(
        new CameraSourceFactory(Options.Create(new RtspClientOptions()), TimeProvider.System, NullLoggerFactory.Instance),
        TimeProvider.System,
        new StreamHubMetrics(new TestMeterFactory()),
        NullLoggerFactory.Instance);

    /// <summary>Quick failover and a start bounded generously for a loaded machine (a bound, not a timing assertion).</summary>
    public static StreamSettings Settings() => StreamSettings.Default with
    {
        NoInputFailoverTimeout = TimeSpan.FromSeconds(1),
        FailoverBackoff = TimeSpan.FromMilliseconds(200),
        FailoverBackoffMax = TimeSpan.FromSeconds(1),
        StartTimeout = TimeSpan.FromSeconds(20),
    };
}
