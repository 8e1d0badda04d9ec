using SecureStream.Proxy.RequestShape;
using SecureStream.Proxy.Sessions;

namespace SecureStream.Proxy.Forwarding;

/// <summary>
/// What the gate decided for one request that may go on to the origin: the session, and exactly
/// the path, query and ticket to forward. Set as an HttpContext feature; the YARP transform reads
/// it, so the origin sees the authorised object and nothing the client added.
/// </summary>
internal sealed record GateAdmission(AdmittedSession Session, SignallingKind Kind, string ForwardPath, string ForwardQuery, string Ticket);
