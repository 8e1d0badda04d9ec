using SecureStream.Policy.Audit;
using SecureStream.Policy.PolicyFile;

namespace SecureStream.Proxy.Sessions;

/// <summary>
/// Whether a live session may go on under the current policy: its operator still entitled to the
/// camera, and the key that verified its credential still present and not retired. A retired key
/// or a revoked operator ends live sessions too, not only new requests (docs/security.md).
/// </summary>
internal static class SessionRevocation
{
    public static bool MayContinue(PolicySnapshot snapshot, AdmittedSession session, DateTimeOffset now) =>
        IsEntitled(snapshot, session) && IsKeyValid(snapshot, session, now);

    private static bool IsEntitled(PolicySnapshot snapshot, AdmittedSession session)
    {
        var operatorId = session.OperatorKey.StartsWith("op:", StringComparison.Ordinal) ? session.OperatorKey[3..] : null;
        // Judged at the session's start time: time windows decide admission, they do not cut a
        // session that was admitted inside one.
        return snapshot.Entitlements.Check(operatorId, session.Camera, session.StartedAt).IsAllowed;
    }

    private static bool IsKeyValid(PolicySnapshot snapshot, AdmittedSession session, DateTimeOffset now)
    {
        if (session.SigningKeyId is not { } keyId)
        {
            return true;
        }

        if (session.CredentialKind == AuditCredentialKind.Jwt.ToCode())
        {
            return snapshot.Tokens.TryGetKey(keyId, out var tokenKey) && !tokenKey!.IsRetiredAt(now);
        }

        // The demo wall's key is made at start and kept in memory, never in policy.json (whose keys
        // may not take its id): it lives as long as the process and is never retired. Without this
        // every demo wall session was ended as revoked at the next once-a-second sweep.
        if (keyId == SecureStream.Policy.SignedUrls.ScopedSignedUrlKey.DemoWallKeyId)
        {
            return true;
        }

        foreach (var virtualHost in snapshot.SignedUrls.VirtualHosts)
        {
            if (virtualHost.FindKey(keyId) is { } key && !key.IsRetiredAt(now))
            {
                return true;
            }
        }

        return false;
    }
}
