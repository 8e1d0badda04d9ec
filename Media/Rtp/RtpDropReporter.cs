using System.Text;
using Microsoft.Extensions.Logging;

namespace SecureStream.Media.Rtp;

/// <summary>
/// Reports one track's drops once per interval instead of per packet (docs/architecture.md, the data plane, mediamtx's
/// errordumper): the stream's owner calls <see cref="Report"/> on its timer; nothing is logged
/// when nothing was dropped since the last call. The message names reasons and counts only,
/// never packet contents.
/// </summary>
internal sealed partial class RtpDropReporter
{
    private readonly ILogger _logger;
    private RtpTrackCountersSnapshot? _previous;

    public RtpDropReporter(ILogger logger)
    {
        _logger = logger;
    }

    /// <summary>Logs the drops since the previous call, if any; returns how many there were.</summary>
    public long Report(string camera, int trackId, RtpTrackCountersSnapshot current)
    {
        var previous = _previous;
        _previous = current;
        long total = 0;
        StringBuilder? reasons = null;
        for (var i = 0; i < current.Dropped.Count; i++)
        {
            var delta = current.Dropped[i] - (previous?.Dropped[i] ?? 0);
            if (delta <= 0)
            {
                continue;
            }

            total += delta;
            reasons = reasons is null ? new StringBuilder() : reasons.Append(", ");
            reasons.Append((RtpDropReason)i).Append('=').Append(delta);
        }

        if (total > 0)
        {
            Log.TrackDropped(_logger, camera, trackId, total, current.Packets - (previous?.Packets ?? 0), reasons!.ToString());
        }

        return total;
    }

    // Event ids 3150–3299 belong to Media/Rtp and Media/Codecs (docs/EventIds.md).
    private static partial class Log
    {
        [LoggerMessage(EventId = 3150, EventName = "RtpTrackDropped", Level = LogLevel.Warning,
            Message = "Camera {Camera} track {TrackId}: dropped {Dropped} item(s) against {Packets} packet(s) received since the last report ({Reasons})")]
        public static partial void TrackDropped(ILogger logger, string camera, int trackId, long dropped, long packets, string reasons);
    }
}
