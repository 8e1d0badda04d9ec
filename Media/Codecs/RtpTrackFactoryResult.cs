using SecureStream.Media.Rtp;

namespace SecureStream.Media.Codecs;

/// <summary>A receiver for the track, or a short reason code why the track cannot be received.</summary>
internal sealed record RtpTrackFactoryResult(RtpTrackReceiver? Receiver, string? Error)
{
    public bool IsSupported => Receiver is not null;

    public static RtpTrackFactoryResult Supported(RtpTrackReceiver receiver) => new(receiver, null);

    public static RtpTrackFactoryResult Unsupported(string error) => new(null, error);
}
