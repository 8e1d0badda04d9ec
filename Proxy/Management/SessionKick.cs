using System.Net;
using SecureStream.Policy.Audit;
using SecureStream.Policy.Redis;
using SecureStream.Policy.Sessions;
using SecureStream.Proxy.Sessions;

namespace SecureStream.Proxy.Management;

/// <summary>What one kick of a live session came to.</summary>
internal enum SessionKickOutcome
{
    /// <summary>Its credential is barred and its end requested.</summary>
    Kicked,

    /// <summary>Its end requested, but the cluster's shared table of barred credentials did not answer.</summary>
    KickedNotBarred,

    /// <summary>Not live here (never was, or ended meanwhile).</summary>
    NotFound,
}

/// <summary>
/// An administrator's kick of a session this front door admitted, the same whether asked here or
/// through another front door (docs/cluster.md, "Sessions across nodes"): bar the credential
/// first, so a player reconnecting the moment its media ends is refused, then request the end
/// (<c>kicked</c>). Audited here, on the admitting front door, as <c>session.kicked</c> naming
/// the acting administrator's address and the front door asked (docs/audit.md); ending access is
/// the safe side, so a record that cannot be written does not stop the kick.
/// </summary>
internal sealed partial class SessionKick(
    SessionRegistry sessions, IBarredCredentials barred, IAuditWriter audit, TimeProvider time, ILogger<SessionKick> logger)
{
    /// <param name="viaNode">The front door whose management API was asked, when it was another one; null when this one.</param>
    /// <param name="administrator">The acting administrator's name (Management:Administrators, or <c>management</c> for Management:AccessToken).</param>
    public async Task<SessionKickOutcome> KickAsync(string sessionId, string administrator, IPAddress? admin, string? viaNode, CancellationToken cancellationToken)
    {
        if (!sessions.TryGet(sessionId, out var session) || session!.HasEnded)
        {
            return SessionKickOutcome.NotFound;
        }

        // A cluster's shared table that cannot answer still lets the kick end the session, and
        // says the bar did not stick (docs/cluster.md).
        var isBarred = true;
        try
        {
            await barred.BarAsync(session.CredentialId, session.CredentialExpires, cancellationToken);
        }
        catch (SharedStateUnavailableException)
        {
            isBarred = false;
        }

        var record = new SessionKickedRecord
        {
            Time = time.GetUtcNow(),
            TraceId = session.TraceId,
            SessionId = session.Id,
            Operator = administrator,
            AdminIp = admin.ToAuditText(),
            ViaNode = viaNode,
        };
        if (!await audit.WriteAsync(record, cancellationToken))
        {
            Log.KickNotAudited(logger, session.Id);
        }

        if (!sessions.End(session, SessionEndReason.Kicked))
        {
            return SessionKickOutcome.NotFound;
        }

        Log.Kicked(logger, session.Id, administrator, admin, viaNode ?? "this front door", isBarred);
        return isBarred ? SessionKickOutcome.Kicked : SessionKickOutcome.KickedNotBarred;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1903, EventName = "SessionKicked", Level = LogLevel.Information,
            Message = "Session {SessionId} kicked by administrator {Administrator} at {AdminIp} through {Through}; credential barred: {Barred}")]
        public static partial void Kicked(ILogger logger, string sessionId, string administrator, IPAddress? adminIp, string through, bool barred);

        [LoggerMessage(EventId = 1909, EventName = "SessionKickNotAudited", Level = LogLevel.Error,
            Message = "The session.kicked record for session {SessionId} could not be written to the audit journal; the session is kicked all the same")]
        public static partial void KickNotAudited(ILogger logger, string sessionId);
    }
}
