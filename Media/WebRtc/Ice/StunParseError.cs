namespace SecureStream.Media.WebRtc.Ice;

/// <summary>Why <see cref="StunMessage.TryRead"/> refused a datagram; every value is a drop.</summary>
internal enum StunParseError
{
    None = 0,

    /// <summary>Shorter than the 20-byte header (RFC 8489 §5).</summary>
    TooShort,

    /// <summary>The two most significant bits are not zero (RFC 8489 §5), so this is not STUN.</summary>
    NotStun,

    /// <summary>The magic cookie is not 0x2112A442 (RFC 8489 §5).</summary>
    BadMagicCookie,

    /// <summary>The header's length is not a multiple of 4 or does not equal the bytes that follow the header.</summary>
    LengthMismatch,

    /// <summary>An attribute's 4-byte header, or its value with padding, runs past the end of the message (RFC 8489 §14).</summary>
    AttributePastEnd,

    /// <summary>MESSAGE-INTEGRITY is not 20 bytes or FINGERPRINT not 4 (RFC 8489 §14.5, §14.7).</summary>
    BadAttributeLength,

    /// <summary>Something other than FINGERPRINT or MESSAGE-INTEGRITY-SHA256 follows MESSAGE-INTEGRITY (RFC 8489 §14.5).</summary>
    AttributeAfterIntegrity,

    /// <summary>FINGERPRINT is not the last attribute (RFC 8489 §14.7).</summary>
    FingerprintNotLast,
}
