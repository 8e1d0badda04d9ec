using System.Collections.Frozen;

namespace SecureStream.Policy.Sessions;

/// <summary>
/// The wire codes of <see cref="SessionEndReason"/>: written into <c>session.end</c> audit records
/// and carried between processes. Spelled out one by one rather than derived from the member
/// names, so that renaming a member can never change a code Seq queries and reviewers match on.
/// </summary>
public static class SessionEndReasonCodes
{
    private static readonly FrozenDictionary<SessionEndReason, string> Codes = new Dictionary<SessionEndReason, string>
    {
        [SessionEndReason.HangUp] = "hang_up",
        [SessionEndReason.WhepDelete] = "whep_delete",
        [SessionEndReason.Deadline] = "deadline",
        [SessionEndReason.Kicked] = "kicked",
        [SessionEndReason.Revoked] = "revoked",
        [SessionEndReason.OriginRefused] = "origin_refused",
        [SessionEndReason.AuditFailed] = "audit_failed",
        [SessionEndReason.Shutdown] = "shutdown",
        [SessionEndReason.ConsentLost] = "consent_lost",
        [SessionEndReason.ConnectFailed] = "connect_failed",
        [SessionEndReason.CameraGone] = "camera_gone",
        [SessionEndReason.OriginError] = "origin_error",
        [SessionEndReason.SnapshotServed] = "snapshot_served",
        [SessionEndReason.OriginLost] = "origin_lost",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, SessionEndReason> Reasons = Codes
        .ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    /// <summary>
    /// The wire code, e.g. <c>hang_up</c>; <c>unknown</c> for a value outside the closed list (only
    /// a cast integer, a bug), so that a session's closing still happens and is still audited.
    /// </summary>
    public static string ToCode(this SessionEndReason reason) =>
        Codes.TryGetValue(reason, out var code) ? code : "unknown";

    /// <summary>
    /// Reads a wire code back (exact, case-sensitive). False for anything not on the closed list —
    /// null, empty, another spelling, a code this version does not know — so a message from another
    /// process never ends a session with a reason nobody can audit.
    /// </summary>
    public static bool TryParse(string? code, out SessionEndReason reason)
    {
        if (code is not null && Reasons.TryGetValue(code, out reason))
        {
            return true;
        }

        reason = default;
        return false;
    }
}
