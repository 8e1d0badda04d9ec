namespace SecureStream.Media.WebRtc.Ice;

/// <summary>Why an <see cref="IceLiteAgent"/> gave up on its peer.</summary>
internal enum IceConsentLossReason
{
    /// <summary>No verified check arrived within <see cref="IceLiteAgentOptions.ConnectTimeout"/> of the agent's creation.</summary>
    NeverConnected = 1,

    /// <summary>The selected pair sent no verified check for <see cref="IceLiteAgentOptions.ConsentTimeout"/> (RFC 7675 §5.1).</summary>
    ConsentExpired,
}
