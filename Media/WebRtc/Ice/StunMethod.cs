namespace SecureStream.Media.WebRtc.Ice;

/// <summary>STUN methods this stack knows (RFC 8489 §18.2). ICE uses only Binding.</summary>
internal enum StunMethod : ushort
{
    Binding = 0x001,
}
