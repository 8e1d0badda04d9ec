namespace SecureStream.Media.WebRtc.Ice;

/// <summary>Timing and limits of one <see cref="IceLiteAgent"/>.</summary>
internal sealed record IceLiteAgentOptions
{
    /// <summary>
    /// Consent lapses when the selected pair sends no verified check for this long. RFC 7675 §5.1
    /// sets 30 s on the sending side; browsers send a check every 5 s or so (§5.1: 4–6 s).
    /// </summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A session whose peer never completes a verified check is given up after this long.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Remote addresses a session may verify (a browser has a handful of host, reflexive and relay
    /// candidates); a peer with the password cannot grow the table without bound.
    /// </summary>
    public int MaxRemoteAddresses { get; init; } = 16;
}
