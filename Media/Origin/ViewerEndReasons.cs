namespace SecureStream.Media.Origin;

/// <summary>
/// End reasons the signalling itself decides, beside the WebRTC session's own
/// (<see cref="WebRtc.Sessions.WebRtcSessionEndReasons"/>): short, stable codes for audit records.
/// </summary>
public static class ViewerEndReasons
{
    /// <summary>The viewer sent WHEP DELETE.</summary>
    public const string WhepDelete = "whep_delete";

    /// <summary>The viewer closed its signalling WebSocket or sent <c>stop</c>.</summary>
    public const string HangUp = "hang_up";

    /// <summary>The origin is shutting down.</summary>
    public const string Shutdown = "shutdown";
}
