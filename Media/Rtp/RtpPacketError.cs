namespace SecureStream.Media.Rtp;

/// <summary>Why <see cref="RtpHeader.TryRead"/> or <see cref="RtpPacket.TryRead(ReadOnlySpan{byte}, out RtpPacket, out RtpPacketError)"/> refused a packet.</summary>
internal enum RtpPacketError
{
    None = 0,

    /// <summary>Shorter than the 12-byte fixed header.</summary>
    TooShort,

    /// <summary>Version field is not 2.</summary>
    BadVersion,

    /// <summary>The CSRC list runs past the end of the packet.</summary>
    CsrcPastEnd,

    /// <summary>The header extension (its 4-byte header or its declared length) runs past the end.</summary>
    ExtensionPastEnd,

    /// <summary>The padding count is zero or larger than what follows the header.</summary>
    BadPadding,
}
