using Microsoft.Extensions.Logging;

namespace SecureStream.Media.WebRtc.Ice;

internal sealed partial class IceLiteAgent
{
    // Event ids 3600–3649 belong to Media/WebRtc/Ice (docs/EventIds.md). Logged per session state
    // change, never per packet; the ufrag is public (it is in the SDP), the password never appears.
    private static partial class Log
    {
        [LoggerMessage(EventId = 3600, EventName = "IcePairSelected", Level = LogLevel.Debug,
            Message = "ICE session {Ufrag} selected {RemoteAddress}")]
        public static partial void PairSelected(ILogger logger, string ufrag, IceTransportAddress remoteAddress);

        [LoggerMessage(EventId = 3601, EventName = "IceConsentLost", Level = LogLevel.Information,
            Message = "ICE session {Ufrag} lost its peer: {Reason}")]
        public static partial void ConsentLost(ILogger logger, string ufrag, IceConsentLossReason reason);
    }
}
