namespace SecureStream.Media.WebRtc.Ice;

/// <summary>
/// STUN attribute types this stack reads or writes (RFC 8489 §18.3, RFC 8445 §16.1). Types
/// 0x0000–0x7FFF are comprehension-required, 0x8000–0xFFFF comprehension-optional (§14).
/// </summary>
internal enum StunAttributeType : ushort
{
    Username = 0x0006,
    MessageIntegrity = 0x0008,
    ErrorCode = 0x0009,
    UnknownAttributes = 0x000A,
    XorMappedAddress = 0x0020,
    Priority = 0x0024,
    UseCandidate = 0x0025,
    MessageIntegritySha256 = 0x001C,
    Software = 0x8022,
    Fingerprint = 0x8028,
    IceControlled = 0x8029,
    IceControlling = 0x802A,
}
