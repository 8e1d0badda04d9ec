using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace SecureStream.Media.WebRtc.Ice;

/// <summary>
/// Writes one STUN message (RFC 8489 §5, §14) into the caller's buffer, keeping the header's
/// length current after every attribute. Values are padded with zero bytes to a multiple of 4.
/// MESSAGE-INTEGRITY and FINGERPRINT are added last, in that order. The buffer is ours to size:
/// running out of room is a programming error and throws.
/// </summary>
internal ref struct StunMessageWriter
{
    private const int AttributeHeaderSize = 4;

    private readonly Span<byte> _buffer;
    private int _length;

    public StunMessageWriter(Span<byte> buffer, StunClass messageClass, StunMethod method, ReadOnlySpan<byte> transactionId)
    {
        if (transactionId.Length != StunMessage.TransactionIdSize)
        {
            throw new ArgumentException("A STUN transaction id is 12 bytes.", nameof(transactionId));
        }

        if (buffer.Length < StunMessage.HeaderSize)
        {
            throw new ArgumentException("The buffer cannot hold a STUN header.", nameof(buffer));
        }

        _buffer = buffer;
        var m = (int)method;
        var c = (int)messageClass;

        // RFC 8489 §5: M11..M7 C1 M6..M4 C0 M3..M0.
        var type = (m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2) | ((c & 0b01) << 4) | ((c & 0b10) << 7);
        BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], StunMessage.MagicCookie);
        transactionId.CopyTo(buffer[8..]);
        _length = StunMessage.HeaderSize;
    }

    public readonly int Length => _length;

    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    public void AddAttribute(StunAttributeType type, ReadOnlySpan<byte> value) =>
        value.CopyTo(Reserve(type, value.Length));

    public void AddUsername(string username)
    {
        var value = Reserve(StunAttributeType.Username, Encoding.UTF8.GetByteCount(username));
        Encoding.UTF8.GetBytes(username, value);
    }

    public void AddPriority(uint priority) => BinaryPrimitives.WriteUInt32BigEndian(Reserve(StunAttributeType.Priority, 4), priority);

    public void AddUseCandidate() => Reserve(StunAttributeType.UseCandidate, 0);

    public void AddIceControlling(ulong tieBreaker) => BinaryPrimitives.WriteUInt64BigEndian(Reserve(StunAttributeType.IceControlling, 8), tieBreaker);

    public void AddIceControlled(ulong tieBreaker) => BinaryPrimitives.WriteUInt64BigEndian(Reserve(StunAttributeType.IceControlled, 8), tieBreaker);

    /// <summary>ERROR-CODE (RFC 8489 §14.8): <paramref name="code"/> between 300 and 699 and an ASCII reason.</summary>
    public void AddErrorCode(int code, string reason)
    {
        if (code is < 300 or > 699)
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "STUN error codes are 300–699.");
        }

        var value = Reserve(StunAttributeType.ErrorCode, 4 + Encoding.UTF8.GetByteCount(reason));
        value[0] = 0;
        value[1] = 0;
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        Encoding.UTF8.GetBytes(reason, value[4..]);
    }

    /// <summary>XOR-MAPPED-ADDRESS (RFC 8489 §14.2): the port XOR the cookie's top half, the address XOR cookie (and transaction id for IPv6).</summary>
    public void AddXorMappedAddress(IPEndPoint endPoint)
    {
        var address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        var family = StunMessage.FamilyOf(address);
        var addressLength = family == 0x01 ? 4 : 16;
        var value = Reserve(StunAttributeType.XorMappedAddress, 4 + addressLength);
        value[0] = 0;
        value[1] = family;
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], (ushort)(endPoint.Port ^ (int)(StunMessage.MagicCookie >> 16)));
        Span<byte> mask = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunMessage.MagicCookie);
        _buffer.Slice(8, StunMessage.TransactionIdSize).CopyTo(mask[4..]);
        if (!address.TryWriteBytes(value[4..], out _))
        {
            throw new ArgumentException("The address does not fit its family.", nameof(endPoint));
        }

        for (var i = 0; i < addressLength; i++)
        {
            value[4 + i] ^= mask[i];
        }
    }

    /// <summary>MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 with <paramref name="key"/> over everything written so far.</summary>
    public void AddMessageIntegrity(ReadOnlySpan<byte> key)
    {
        var prefixLength = _length;
        var value = Reserve(StunAttributeType.MessageIntegrity, StunMessage.MessageIntegritySize);
        StunMessage.ComputeMessageIntegrity(_buffer[..prefixLength], key, value);
    }

    /// <summary>FINGERPRINT (RFC 8489 §14.7): CRC-32 of everything before it XOR 0x5354554E; always last.</summary>
    public void AddFingerprint()
    {
        var prefixLength = _length;
        var value = Reserve(StunAttributeType.Fingerprint, 4);
        var crc = StunCrc32.Compute(_buffer[..prefixLength]) ^ StunMessage.FingerprintXor;
        BinaryPrimitives.WriteUInt32BigEndian(value, crc);
    }

    /// <summary>Writes an attribute header, zeroes the padded value, updates the header's length and returns the value.</summary>
    private Span<byte> Reserve(StunAttributeType type, int valueLength)
    {
        var padded = (valueLength + 3) & ~3;
        var total = AttributeHeaderSize + padded;
        if (valueLength > ushort.MaxValue || _buffer.Length - _length < total || _length - StunMessage.HeaderSize + total > ushort.MaxValue)
        {
            throw new InvalidOperationException("The STUN message buffer is too small for this attribute.");
        }

        var attribute = _buffer.Slice(_length, total);
        BinaryPrimitives.WriteUInt16BigEndian(attribute, (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(attribute[2..], (ushort)valueLength);
        attribute[AttributeHeaderSize..].Clear();
        _length += total;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(_length - StunMessage.HeaderSize));
        return attribute.Slice(AttributeHeaderSize, valueLength);
    }
}
