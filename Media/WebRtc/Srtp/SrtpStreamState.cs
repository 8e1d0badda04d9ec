namespace SecureStream.Media.WebRtc.Srtp;

/// <summary>
/// The per-SSRC part of an SRTP cryptographic context (RFC 3711 §3.2.1): rollover counter and highest
/// sequence number s_l for SRTP, the next SRTCP index for sending, and the replay window for receiving.
/// Fields rather than properties: <see cref="Window"/> is a mutable struct updated in place.
/// </summary>
internal sealed class SrtpStreamState
{
#pragma warning disable CA1051 // Hot-path state of an internal type; the struct field must be mutable in place.
    public uint RolloverCounter;
    public ushort HighestSequence;
    public uint NextSrtcpIndex;
    public SrtpReplayWindow Window;
#pragma warning restore CA1051
}
