using System.Text.Json;
using Microsoft.Playwright;

namespace SecureStream.Proxy.Tests.Browser.Infrastructure;

/// <summary>
/// Reads WebRTC playback from a page the way a person would judge it: frames decoded and their
/// size from <c>getStats()</c>, what the video element shows, and which transport ICE chose.
/// Pages keep their peer connections private (ours and OvenPlayer's alike), so an init script,
/// added to every page of a <see cref="ChromiumFixture"/> context before any page script runs,
/// records each one the page creates. Init scripts and evaluation run through the DevTools
/// protocol, outside the page's Content-Security-Policy, so the pages need no test hook.
/// </summary>
public static class WebRtcProbe
{
    public const string RecordPeerConnectionsScript = """
        (() => {
          const Native = window.RTCPeerConnection;
          if (!Native || window.__securestreamPeers) return;
          const peers = [];
          Object.defineProperty(window, '__securestreamPeers', { value: peers });
          window.RTCPeerConnection = class extends Native {
            constructor(...args) { super(...args); peers.push(this); }
          };
        })();
        """;

    private const string ReadStatsScript = """
        async (videoSelector) => {
          const peers = window.__securestreamPeers ?? [];
          const open = peers.filter((pc) => pc.connectionState !== 'closed');
          const pc = open[open.length - 1];
          const video = document.querySelector(videoSelector);
          const result = {
            peerConnections: peers.length,
            connectionState: pc ? pc.connectionState : null,
            framesDecoded: 0, frameWidth: 0, frameHeight: 0,
            videoWidth: video ? video.videoWidth : 0,
            videoHeight: video ? video.videoHeight : 0,
            hasSource: !!(video && video.srcObject),
            candidateProtocol: null,
          };
          if (!pc) return result;
          const stats = await pc.getStats();
          let pairId = null;
          stats.forEach((s) => {
            if (s.type === 'inbound-rtp' && s.kind === 'video') {
              result.framesDecoded = s.framesDecoded ?? 0;
              result.frameWidth = s.frameWidth ?? 0;
              result.frameHeight = s.frameHeight ?? 0;
            } else if (s.type === 'transport' && s.selectedCandidatePairId) {
              pairId = s.selectedCandidatePairId;
            }
          });
          if (!pairId) {
            stats.forEach((s) => { if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') pairId = s.id; });
          }
          const pair = pairId ? stats.get(pairId) : null;
          const local = pair ? stats.get(pair.localCandidateId) : null;
          result.candidateProtocol = local ? local.protocol : null;
          return result;
        }
        """;

    /// <summary>Playback as of now, for the first element matching <paramref name="videoSelector"/>.</summary>
    public static async Task<VideoPlaybackStats> ReadAsync(IPage page, string videoSelector = "video")
    {
        ArgumentNullException.ThrowIfNull(page);
        var json = await page.EvaluateAsync<JsonElement>(ReadStatsScript, videoSelector);
        return new VideoPlaybackStats(
            json.GetProperty("peerConnections").GetInt32(),
            json.GetProperty("connectionState").GetString(),
            json.GetProperty("framesDecoded").GetInt64(),
            json.GetProperty("frameWidth").GetInt32(),
            json.GetProperty("frameHeight").GetInt32(),
            json.GetProperty("videoWidth").GetInt32(),
            json.GetProperty("videoHeight").GetInt32(),
            json.GetProperty("hasSource").GetBoolean(),
            json.GetProperty("candidateProtocol").GetString());
    }

    /// <summary>
    /// Polls (bounded, every 200 ms) until <paramref name="condition"/> holds and returns the
    /// stats that satisfied it, or the last ones read when the time is up (the caller asserts).
    /// </summary>
    public static async Task<VideoPlaybackStats> WaitForAsync(
        IPage page, Func<VideoPlaybackStats, bool> condition, TimeSpan timeout, string videoSelector = "video")
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        var stats = await ReadAsync(page, videoSelector);
        while (!condition(stats) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            stats = await ReadAsync(page, videoSelector);
        }

        return stats;
    }
}
