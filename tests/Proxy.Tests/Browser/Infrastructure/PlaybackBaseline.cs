namespace SecureStream.Proxy.Tests.Browser.Infrastructure;

/// <summary>A playing tab's stats and the gateway's count of ended sessions before an attack (see <see cref="PlayingDemoCamera.AssertStillPlayingAsync"/>).</summary>
public sealed record PlaybackBaseline(VideoPlaybackStats Stats, int SessionEnds);
