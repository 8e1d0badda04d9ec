using System.Text.Json;
using Microsoft.Playwright;

namespace SecureStream.Proxy.Tests.Browser.Infrastructure;

/// <summary>
/// Reads what Chromium really decodes, per kind, from <c>getStats()</c> of the page's newest open
/// peer connection (recorded by <see cref="WebRtcProbe"/>'s init script): the video codec and
/// frame size, the audio codec and its <c>totalAudioEnergy</c>. What the browser negotiated and
/// decoded, not what the gateway meant to send: a camera's H.265 that plays as <c>video/H264</c>,
/// or AAC that arrives as <c>audio/opus</c> carrying the camera's tone.
/// </summary>
public static class InboundRtpProbe
{
    private const string ReadScript = """
        async () => {
          const peers = window.__securestreamPeers ?? [];
          const open = peers.filter((pc) => pc.connectionState !== 'closed');
          const pc = open[open.length - 1];
          const result = {
            videoCodec: null, framesDecoded: 0, frameWidth: 0, frameHeight: 0,
            audioCodec: null, audioPacketsReceived: 0, totalAudioEnergy: 0, totalSamplesReceived: 0,
          };
          if (!pc) return result;
          const stats = await pc.getStats();
          const mimeType = (s) => (s.codecId && stats.get(s.codecId) ? stats.get(s.codecId).mimeType : null);
          stats.forEach((s) => {
            if (s.type !== 'inbound-rtp') return;
            if (s.kind === 'video') {
              result.videoCodec = mimeType(s);
              result.framesDecoded = s.framesDecoded ?? 0;
              result.frameWidth = s.frameWidth ?? 0;
              result.frameHeight = s.frameHeight ?? 0;
            } else if (s.kind === 'audio') {
              result.audioCodec = mimeType(s);
              result.audioPacketsReceived = s.packetsReceived ?? 0;
              result.totalAudioEnergy = s.totalAudioEnergy ?? 0;
              result.totalSamplesReceived = s.totalSamplesReceived ?? 0;
            }
          });
          return result;
        }
        """;

    /// <summary>The inbound streams as of now.</summary>
    public static async Task<InboundRtpStats> ReadAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var json = await page.EvaluateAsync<JsonElement>(ReadScript);
        return new InboundRtpStats(
            json.GetProperty("videoCodec").GetString(),
            json.GetProperty("framesDecoded").GetInt64(),
            json.GetProperty("frameWidth").GetInt32(),
            json.GetProperty("frameHeight").GetInt32(),
            json.GetProperty("audioCodec").GetString(),
            json.GetProperty("audioPacketsReceived").GetInt64(),
            json.GetProperty("totalAudioEnergy").GetDouble(),
            json.GetProperty("totalSamplesReceived").GetInt64());
    }

    /// <summary>
    /// Polls (bounded, every 200 ms) until <paramref name="condition"/> holds and returns the stats
    /// that satisfied it, or the last ones read when the time is up (the caller asserts).
    /// </summary>
    public static async Task<InboundRtpStats> WaitForAsync(IPage page, Func<InboundRtpStats, bool> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        var stats = await ReadAsync(page);
        while (!condition(stats) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            stats = await ReadAsync(page);
        }

        return stats;
    }

    /// <summary>
    /// Video decoding at <paramref name="width"/>x<paramref name="height"/> as <paramref name="codec"/>,
    /// then still decoding (25 frames more); returns the later stats.
    /// </summary>
    public static async Task<InboundRtpStats> AssertVideoAsync(IPage page, string codec, int width, int height)
    {
        var first = await WaitForAsync(page, s => s.FramesDecoded > 0 && s.FrameWidth == width && s.FrameHeight == height, ClipPlayback.FirstFrameLimit);
        Assert.True(first.FramesDecoded > 0, $"no frame decoded: {first}");
        Assert.Equal((width, height), (first.FrameWidth, first.FrameHeight));
        Assert.Equal(codec, first.VideoCodec, StringComparer.OrdinalIgnoreCase);
        var later = await WaitForAsync(page, s => s.FramesDecoded >= first.FramesDecoded + 25, ClipPlayback.KeepDecodingLimit);
        Assert.True(later.FramesDecoded >= first.FramesDecoded + 25, $"decoding stalled: {first} then {later}");
        Assert.Equal((width, height), (later.FrameWidth, later.FrameHeight));
        return later;
    }

    /// <summary>
    /// Audio arriving as <paramref name="codec"/> whose energy keeps rising (the camera's tone, not
    /// silence): it rises between two readings taken after audio started; returns the later stats.
    /// Unmutes the page's media elements first: Chromium measures the energy after the element's
    /// volume, so a muted player (ours and OvenPlayer start muted) reports 0 however loud the camera.
    /// </summary>
    public static async Task<InboundRtpStats> AssertSoundAsync(IPage page, string codec)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.EvaluateAsync("() => document.querySelectorAll('video, audio').forEach((m) => { m.muted = false; m.volume = 1; })");
        var first = await WaitForAsync(page, s => s.TotalAudioEnergy > 0, ClipPlayback.FirstFrameLimit);
        Assert.True(first.TotalAudioEnergy > 0, $"no audio energy: {first}");
        Assert.Equal(codec, first.AudioCodec, StringComparer.OrdinalIgnoreCase);
        var later = await WaitForAsync(page, s => s.TotalAudioEnergy > first.TotalAudioEnergy && s.TotalSamplesReceived > first.TotalSamplesReceived, ClipPlayback.KeepDecodingLimit);
        Assert.True(later.TotalAudioEnergy > first.TotalAudioEnergy, $"audio energy stopped rising: {first} then {later}");
        return later;
    }
}
