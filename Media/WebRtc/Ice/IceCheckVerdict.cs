namespace SecureStream.Media.WebRtc.Ice;

/// <summary>What became of a Binding request.</summary>
internal enum IceCheckVerdict
{
    /// <summary>Dropped (see <see cref="IceCheckResult.DropReason"/>): no response, no state change.</summary>
    Dropped = 0,

    /// <summary>Verified and answered with a success response; the address is now verified.</summary>
    Answered,

    /// <summary>
    /// Verified, but the peer also claims the controlled role: answered with 487 Role Conflict
    /// (RFC 8445 §7.3.1.1; a lite agent cannot take the controlling role), no state change.
    /// </summary>
    RoleConflict,
}
