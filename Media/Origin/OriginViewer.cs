using SecureStream.Media.WebRtc.Sessions;
using SecureStream.Policy.Access;

namespace SecureStream.Media.Origin;

/// <summary>One viewer's live WebRTC session on this origin, under the front door's session id.</summary>
/// <param name="SessionId">The admitted session (from the ticket); audit records and kicks use it.</param>
/// <param name="ResourceId">The WHEP resource id (an unguessable capability), or null for OME WebSocket sessions.</param>
internal sealed record OriginViewer(string SessionId, string? ResourceId, CameraPath Camera, WebRtcSession Session)
{
    /// <summary>The front door that admitted it (the ticket's node, cluster mode), told of its end; null on a single node.</summary>
    public string? AdmittedBy { get; init; }

    private readonly TaskCompletionSource _endReported = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes once the end has been reported to the front door. Signalling that closes the
    /// viewer's socket waits for it, so the front door records the real reason (a deadline, say)
    /// rather than the socket closing.
    /// </summary>
    public Task EndReported => _endReported.Task;

    internal void MarkEndReported() => _endReported.TrySetResult();
}
