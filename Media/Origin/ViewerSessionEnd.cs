using SecureStream.Policy.Access;

namespace SecureStream.Media.Origin;

/// <summary>
/// A viewer session on this origin ended. <paramref name="SessionId"/> is the front door's
/// admitted session (from the ticket), so the front door can close it: one closing webhook and one
/// <c>session.end</c> audit record, whoever ended it.
/// </summary>
/// <param name="Reason">One of <see cref="ViewerEndReasons"/> or a WebRTC session end code.</param>
/// <param name="OctetsSent">Media payload octets sent to the viewer.</param>
public sealed record ViewerSessionEnd(string SessionId, CameraPath Camera, string Reason, long OctetsSent);
