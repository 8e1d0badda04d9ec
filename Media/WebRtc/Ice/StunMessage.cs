using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace SecureStream.Media.WebRtc.Ice;

/// <summary>
/// A read-only view of one STUN message (RFC 8489 §5, §14) over the caller's buffer; nothing is
/// copied. Only <see cref="TryRead"/> makes one, and it walks every attribute first, so each
/// attribute header and padded value is known to lie inside the message, MESSAGE-INTEGRITY and
/// FINGERPRINT have their fixed sizes, and FINGERPRINT is last.
/// </summary>
/// <remarks>
/// Attribute look-ups see only the attributes before MESSAGE-INTEGRITY: what follows it is not
/// covered by the integrity check and RFC 8489 §14.5 says to ignore it. A message whose integrity
/// and fingerprint have not been checked is attacker-controlled data; callers check both
/// (<see cref="VerifyFingerprint"/>, <see cref="VerifyMessageIntegrity"/>) before acting on it.
/// </remarks>
internal readonly ref struct StunMessage
{
    /// <summary>Message type, length, magic cookie and transaction id (RFC 8489 §5).</summary>
    public const int HeaderSize = 20;

    /// <summary>The fixed magic cookie (RFC 8489 §5).</summary>
    public const uint MagicCookie = 0x2112A442;

    public const int TransactionIdSize = 12;

    /// <summary>The HMAC-SHA1 value of MESSAGE-INTEGRITY (RFC 8489 §14.5).</summary>
    public const int MessageIntegritySize = 20;

    /// <summary>XORed into the CRC-32 of FINGERPRINT (RFC 8489 §14.7): "STUN" in ASCII.</summary>
    public const uint FingerprintXor = 0x5354554E;

    /// <summary>USERNAME holds fewer than 509 bytes of UTF-8 (RFC 8489 §14.3); larger values are refused.</summary>
    public const int MaxUsernameBytes = 508;

    private const int AttributeHeaderSize = 4;
    private const int StackHashLimit = 1024;

    private readonly ReadOnlySpan<byte> _data;

    /// <summary>Offset of the MESSAGE-INTEGRITY attribute header, -1 without one.</summary>
    private readonly int _integrityOffset;

    /// <summary>Offset of the FINGERPRINT attribute header, -1 without one.</summary>
    private readonly int _fingerprintOffset;

    private StunMessage(ReadOnlySpan<byte> data, int integrityOffset, int fingerprintOffset)
    {
        _data = data;
        _integrityOffset = integrityOffset;
        _fingerprintOffset = fingerprintOffset;
        var type = BinaryPrimitives.ReadUInt16BigEndian(data);

        // RFC 8489 §5: M11..M7 C1 M6..M4 C0 M3..M0.
        Class = (StunClass)(((type >> 7) & 0b10) | ((type >> 4) & 0b01));
        MethodValue = (ushort)((type & 0x000F) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0F80));
    }

    public StunClass Class { get; }

    /// <summary>The 12-bit method number; compare with <see cref="StunMethod"/>.</summary>
    public ushort MethodValue { get; }

    public bool IsBindingRequest => Class == StunClass.Request && MethodValue == (ushort)StunMethod.Binding;

    public ReadOnlySpan<byte> TransactionId => _data.Slice(8, TransactionIdSize);

    /// <summary>The whole message as received.</summary>
    public ReadOnlySpan<byte> Raw => _data;

    public bool HasMessageIntegrity => _integrityOffset >= 0;

    public bool HasFingerprint => _fingerprintOffset >= 0;

    /// <summary>
    /// Reads a whole STUN message: <paramref name="data"/> is one UDP datagram or one RFC 4571 frame,
    /// so the header's length must account for every byte after the header. False (and a reason)
    /// for anything that is not a well-formed message.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out StunMessage message, out StunParseError error)
    {
        message = default;
        if (data.Length < HeaderSize)
        {
            error = StunParseError.TooShort;
            return false;
        }

        // RFC 8489 §5: the most significant two bits of every STUN message are zero.
        if ((data[0] & 0xC0) != 0)
        {
            error = StunParseError.NotStun;
            return false;
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(data[4..]) != MagicCookie)
        {
            error = StunParseError.BadMagicCookie;
            return false;
        }

        // RFC 8489 §5: the length excludes the header and is a multiple of 4 (attributes are padded).
        var length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        if ((length & 3) != 0 || length != data.Length - HeaderSize)
        {
            error = StunParseError.LengthMismatch;
            return false;
        }

        var integrityOffset = -1;
        var fingerprintOffset = -1;
        var offset = HeaderSize;
        while (offset < data.Length)
        {
            if (fingerprintOffset >= 0)
            {
                error = StunParseError.FingerprintNotLast;
                return false;
            }

            // RFC 8489 §14: type (16), length (16), value padded to a multiple of 4 bytes.
            if (data.Length - offset < AttributeHeaderSize)
            {
                error = StunParseError.AttributePastEnd;
                return false;
            }

            var type = (StunAttributeType)BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
            var valueLength = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]);
            var padded = (valueLength + 3) & ~3;
            if (data.Length - offset - AttributeHeaderSize < padded)
            {
                error = StunParseError.AttributePastEnd;
                return false;
            }

            if (type == StunAttributeType.Fingerprint)
            {
                if (valueLength != 4)
                {
                    error = StunParseError.BadAttributeLength;
                    return false;
                }

                fingerprintOffset = offset;
            }
            else if (integrityOffset >= 0 && type != StunAttributeType.MessageIntegritySha256)
            {
                // RFC 8489 §14.5 says to ignore such attributes; refusing is stricter and no ICE
                // agent sends them, so nothing legitimate is lost.
                error = StunParseError.AttributeAfterIntegrity;
                return false;
            }
            else if (type == StunAttributeType.MessageIntegrity)
            {
                if (valueLength != MessageIntegritySize)
                {
                    error = StunParseError.BadAttributeLength;
                    return false;
                }

                integrityOffset = offset;
            }

            offset += AttributeHeaderSize + padded;
        }

        message = new StunMessage(data, integrityOffset, fingerprintOffset);
        error = StunParseError.None;
        return true;
    }

    /// <summary>
    /// Finds the first attribute of <paramref name="type"/> before MESSAGE-INTEGRITY (or FINGERPRINT);
    /// its value excludes padding.
    /// </summary>
    public bool TryGetAttribute(StunAttributeType type, out ReadOnlySpan<byte> value)
    {
        var end = _integrityOffset >= 0 ? _integrityOffset : _fingerprintOffset >= 0 ? _fingerprintOffset : _data.Length;
        var offset = HeaderSize;
        while (offset < end)
        {
            // Lengths were checked by TryRead.
            var attributeType = (StunAttributeType)BinaryPrimitives.ReadUInt16BigEndian(_data[offset..]);
            var valueLength = BinaryPrimitives.ReadUInt16BigEndian(_data[(offset + 2)..]);
            if (attributeType == type)
            {
                value = _data.Slice(offset + AttributeHeaderSize, valueLength);
                return true;
            }

            offset += AttributeHeaderSize + ((valueLength + 3) & ~3);
        }

        value = default;
        return false;
    }

    /// <summary>USERNAME (RFC 8489 §14.3) as raw bytes; false when absent, empty or too long.</summary>
    public bool TryGetUsername(out ReadOnlySpan<byte> username)
    {
        if (TryGetAttribute(StunAttributeType.Username, out username) && username.Length is > 0 and <= MaxUsernameBytes)
        {
            return true;
        }

        username = default;
        return false;
    }

    /// <summary>PRIORITY (RFC 8445 §16.1): a 32-bit value; false when absent or not 4 bytes.</summary>
    public bool TryGetPriority(out uint priority)
    {
        if (TryGetAttribute(StunAttributeType.Priority, out var value) && value.Length == 4)
        {
            priority = BinaryPrimitives.ReadUInt32BigEndian(value);
            return true;
        }

        priority = 0;
        return false;
    }

    /// <summary>USE-CANDIDATE (RFC 8445 §16.1) has no value; one with a value does not count.</summary>
    public bool HasUseCandidate => TryGetAttribute(StunAttributeType.UseCandidate, out var value) && value.IsEmpty;

    /// <summary>ICE-CONTROLLING (RFC 8445 §16.1): the 64-bit tie-breaker.</summary>
    public bool TryGetIceControlling(out ulong tieBreaker) => TryGetUInt64(StunAttributeType.IceControlling, out tieBreaker);

    /// <summary>ICE-CONTROLLED (RFC 8445 §16.1): the 64-bit tie-breaker.</summary>
    public bool TryGetIceControlled(out ulong tieBreaker) => TryGetUInt64(StunAttributeType.IceControlled, out tieBreaker);

    /// <summary>ERROR-CODE (RFC 8489 §14.8): class × 100 + number, and the UTF-8 reason phrase.</summary>
    public bool TryGetErrorCode(out int code, out ReadOnlySpan<byte> reason)
    {
        code = 0;
        reason = default;
        if (!TryGetAttribute(StunAttributeType.ErrorCode, out var value) || value.Length < 4)
        {
            return false;
        }

        var errorClass = value[2] & 0x07;
        var number = value[3];
        if (errorClass is < 3 or > 6 || number > 99)
        {
            return false;
        }

        code = (errorClass * 100) + number;
        reason = value[4..];
        return true;
    }

    /// <summary>XOR-MAPPED-ADDRESS (RFC 8489 §14.2) for IPv4 (family 1) and IPv6 (family 2).</summary>
    public bool TryGetXorMappedAddress(out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (!TryGetAttribute(StunAttributeType.XorMappedAddress, out var value) || value.Length < 4)
        {
            return false;
        }

        var port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ (int)(MagicCookie >> 16);
        Span<byte> address = stackalloc byte[16];
        int addressLength;
        switch (value[1])
        {
            case 0x01 when value.Length == 8:
                addressLength = 4;
                break;
            case 0x02 when value.Length == 20:
                addressLength = 16;
                break;
            default:
                return false;
        }

        // X-Address is XORed with the magic cookie, then (IPv6) the transaction id.
        Span<byte> mask = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, MagicCookie);
        TransactionId.CopyTo(mask[4..]);
        for (var i = 0; i < addressLength; i++)
        {
            address[i] = (byte)(value[4 + i] ^ mask[i]);
        }

        endPoint = new IPEndPoint(new IPAddress(address[..addressLength]), port);
        return true;
    }

    /// <summary>
    /// True when FINGERPRINT is present and equals CRC-32 of everything before it XOR 0x5354554E
    /// (RFC 8489 §14.7). FINGERPRINT is last, so the header length already covers it.
    /// </summary>
    public bool VerifyFingerprint()
    {
        if (_fingerprintOffset < 0)
        {
            return false;
        }

        var expected = StunCrc32.Compute(_data[.._fingerprintOffset]) ^ FingerprintXor;
        return BinaryPrimitives.ReadUInt32BigEndian(_data[(_fingerprintOffset + AttributeHeaderSize)..]) == expected;
    }

    /// <summary>
    /// True when MESSAGE-INTEGRITY is present and equals HMAC-SHA1 with <paramref name="key"/> over
    /// the message up to the attribute, with the header's length set as if MESSAGE-INTEGRITY were
    /// the last attribute (RFC 8489 §14.5). Compared in constant time. For ICE the key is the
    /// receiver's password (short-term credentials, RFC 8445 §7.2.2; ice-chars need no SASLprep).
    /// </summary>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key)
    {
        if (_integrityOffset < 0)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[MessageIntegritySize];
        ComputeMessageIntegrity(_data[.._integrityOffset], key, actual);
        return CryptographicOperations.FixedTimeEquals(
            actual, _data.Slice(_integrityOffset + AttributeHeaderSize, MessageIntegritySize));
    }

    /// <summary>
    /// HMAC-SHA1 of <paramref name="prefix"/> (header and the attributes before MESSAGE-INTEGRITY)
    /// with the header's length adjusted to end just after a MESSAGE-INTEGRITY attribute.
    /// </summary>
    internal static void ComputeMessageIntegrity(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> key, Span<byte> destination)
    {
        byte[]? rented = null;
        Span<byte> copy = prefix.Length <= StackHashLimit
            ? stackalloc byte[StackHashLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(prefix.Length));
        try
        {
            copy = copy[..prefix.Length];
            prefix.CopyTo(copy);
            var adjusted = prefix.Length - HeaderSize + AttributeHeaderSize + MessageIntegritySize;
            BinaryPrimitives.WriteUInt16BigEndian(copy[2..], (ushort)adjusted);
            // RFC 8489 §14.5 and RFC 8445 §7.2.2 fix HMAC-SHA1 for ICE connectivity checks.
#pragma warning disable CA5350
            HMACSHA1.HashData(key, copy, destination);
#pragma warning restore CA5350
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private bool TryGetUInt64(StunAttributeType type, out ulong value)
    {
        if (TryGetAttribute(type, out var raw) && raw.Length == 8)
        {
            value = BinaryPrimitives.ReadUInt64BigEndian(raw);
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>The address family byte for <paramref name="address"/> (RFC 8489 §14.1).</summary>
    internal static byte FamilyOf(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6 ? (byte)0x02 : (byte)0x01;
}
