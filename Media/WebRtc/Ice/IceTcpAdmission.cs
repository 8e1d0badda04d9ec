namespace SecureStream.Media.WebRtc.Ice;

/// <summary>What <see cref="IceTcpUnverifiedPool.Admit"/> decided about a new ICE-TCP connection.</summary>
internal enum IceTcpAdmission
{
    /// <summary>In the pool, with room to spare.</summary>
    Admitted,

    /// <summary>In the pool, in place of the oldest unverified connection of the source holding the most.</summary>
    AdmittedByEviction,

    /// <summary>Its source already holds its whole share of unverified connections: closed on accept.</summary>
    RefusedOverShare,

    /// <summary>The pool is full and no source holds more than this one: closed on accept.</summary>
    RefusedPoolFull,
}
