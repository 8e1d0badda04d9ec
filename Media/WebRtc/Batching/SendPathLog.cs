using Microsoft.Extensions.Logging;

namespace SecureStream.Media.WebRtc.Batching;

// Event ids 3750–3799 belong to Media/WebRtc/Batching (docs/EventIds.md). Logged once at start:
// the send path never logs per packet or per batch (STYLE §8).
internal static partial class SendPathLog
{
    [LoggerMessage(EventId = 3750, EventName = "MediaSendPathChosen", Level = LogLevel.Information,
        Message = "Media port sends with {Path} (WebRtc:Ice:SendBatching {Configured})")]
    public static partial void Chosen(ILogger logger, DatagramSendPath path, SendBatchingMode configured);

    // Warning: the operator asked for a path this kernel cannot give; the port works, slower than asked.
    [LoggerMessage(EventId = 3751, EventName = "MediaSendPathUnavailable", Level = LogLevel.Warning,
        Message = "WebRtc:Ice:SendBatching {Configured} is not available on this system; the media port sends with {Path}. Set it to auto to pick the best available without this warning")]
    public static partial void Unavailable(ILogger logger, SendBatchingMode configured, DatagramSendPath path);
}
