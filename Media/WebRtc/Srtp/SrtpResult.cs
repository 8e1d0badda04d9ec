namespace SecureStream.Media.WebRtc.Srtp;

/// <summary>
/// What <see cref="SrtpContext"/> decided about one packet. Anything but <see cref="Ok"/> means the
/// packet is dropped and counted; the output buffer then holds nothing usable.
/// </summary>
internal enum SrtpResult
{
    Ok = 0,

    /// <summary>Too short, not version 2, longer than a UDP datagram, or header lengths that do not add up.</summary>
    Malformed,

    /// <summary>The caller's output buffer cannot hold the result (a caller bug, not the peer's).</summary>
    OutputTooSmall,

    /// <summary>The tag did not verify (RFC 3711 §3.3 step 5, RFC 7714 §8.2); nothing changed.</summary>
    AuthenticationFailed,

    /// <summary>The index was already received (RFC 3711 §3.3.2).</summary>
    Replayed,

    /// <summary>The index lies behind the replay window, or before the first rollover (RFC 3711 §3.3.2).</summary>
    TooOld,

    /// <summary>A new SSRC arrived while the context already tracks its maximum number of streams.</summary>
    TooManyStreams,

    /// <summary>
    /// The rollover counter or the 31-bit SRTCP index would wrap: the keys must not be used again
    /// (RFC 3711 §9.2); the session must be re-keyed.
    /// </summary>
    IndexExhausted,

    /// <summary>An SRTCP packet with the E flag clear; we accept only encrypted SRTCP.</summary>
    NotEncrypted,
}
