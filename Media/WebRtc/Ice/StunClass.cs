namespace SecureStream.Media.WebRtc.Ice;

/// <summary>The class of a STUN message (RFC 8489 §5): the C1 and C0 bits of the message type.</summary>
internal enum StunClass
{
    Request = 0b00,
    Indication = 0b01,
    SuccessResponse = 0b10,
    ErrorResponse = 0b11,
}
