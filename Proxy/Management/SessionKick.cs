using System.Net;
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
/// (<c>kicked</c>). Logged with the acting administrator's address.
/// </summary>
internal sealed partial class SessionKick(SessionRegistry sessions, IBarredCredentials barred, ILogger<SessionKick> logger)
{
    public async Task<SessionKickOutcome> KickAsync(string sessionId, IPAddress? admin, bool throughOtherNode, CancellationToken cancellationToken)
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

        if (!sessions.End(session, SessionEndReason.Kicked))
        {
            return SessionKickOutcome.NotFound;
        }

        Log.Kicked(logger, session.Id, admin, throughOtherNode ? "another front door" : "this front door", isBarred);
        return isBarred ? SessionKickOutcome.Kicked : SessionKickOutcome.KickedNotBarred;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1903, EventName = "SessionKicked", Level = LogLevel.Information,
            Message = "Session {SessionId} kicked by the administrator at {AdminIp} through {Through}; credential barred: {Barred}")]
        public static partial void Kicked(ILogger logger, string sessionId, IPAddress? adminIp, string through, bool barred);
    }
}
