namespace SecureStream.Media.WebRtc.Ice;

/// <summary>Where an <see cref="IceLiteAgent"/> is: it only ever moves forward.</summary>
internal enum IceAgentState
{
    /// <summary>No verified check yet.</summary>
    New = 0,

    /// <summary>A pair is (or was) selected and consent holds.</summary>
    Connected,

    /// <summary>Consent lost or never obtained, or disposed: every packet is refused from now on.</summary>
    Failed,
}
