using SecureStream.Policy.Sessions;

namespace SecureStream.Proxy.Sessions;

/// <summary>What happens, once, when a session ends: the closing webhook and the audit record.</summary>
internal interface ISessionCloser
{
    void Close(AdmittedSession session, SessionEndReason reason);
}
