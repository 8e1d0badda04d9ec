using System.Buffers.Binary;

namespace SecureStream.Media.WebRtc.Dtls;

/// <summary>
/// A cheap structural check of a datagram before the DTLS layer sees it. DTLS itself discards
/// invalid records (RFC 6347 §4.1.2.7), but checking the framing here means garbage never reaches
/// BouncyCastle's handshake state, and a renegotiation attempt on an established session is
/// refused outright (we never renegotiate; RFC 8827 §6.5 fixes the keys for the session's life).
/// </summary>
internal static class DtlsDatagramFilter
{
    /// <summary>DTLSPlaintext header: type(1) version(2) epoch(2) sequence_number(6) length(2) (RFC 6347 §4.1).</summary>
    public const int RecordHeaderLength = 13;

    /// <summary>RFC 6347 §4.1 / RFC 5246 §6.2.3: a DTLSCiphertext fragment is at most 2^14 + 2048 bytes.</summary>
    public const int MaxFragmentLength = (1 << 14) + 2048;

    private const byte ChangeCipherSpec = 20;
    private const byte ApplicationData = 23;
    private const byte Handshake = 22;
    private const byte ClientHello = 1;

    /// <summary>DTLS versions are the one's complement of the TLS ones, so the major byte is 0xFE (RFC 6347 §4.1).</summary>
    private const byte DtlsMajorVersion = 0xFE;

    /// <summary>Classifies one datagram, which may carry several records (RFC 6347 §4.1.1).</summary>
    public static DtlsDatagramVerdict Classify(ReadOnlySpan<byte> datagram, int maxDatagramSize, bool handshakeComplete)
    {
        if (datagram.Length > maxDatagramSize)
        {
            return DtlsDatagramVerdict.Oversized;
        }

        if (datagram.Length < RecordHeaderLength)
        {
            return DtlsDatagramVerdict.Malformed;
        }

        var rest = datagram;
        while (!rest.IsEmpty)
        {
            if (rest.Length < RecordHeaderLength)
            {
                return DtlsDatagramVerdict.Malformed;
            }

            // ContentType: change_cipher_spec(20), alert(21), handshake(22), application_data(23) (RFC 5246 §6.2.1).
            var type = rest[0];
            if (type is < ChangeCipherSpec or > ApplicationData || rest[1] != DtlsMajorVersion)
            {
                return DtlsDatagramVerdict.Malformed;
            }

            var epoch = BinaryPrimitives.ReadUInt16BigEndian(rest[3..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(rest[11..]);
            if (length > MaxFragmentLength || RecordHeaderLength + length > rest.Length)
            {
                return DtlsDatagramVerdict.Malformed;
            }

            // RFC 6347 §4.2.2: a plaintext (epoch 0) handshake record whose msg_type is client_hello(1).
            if (handshakeComplete && type == Handshake && epoch == 0 && length > 0 && rest[RecordHeaderLength] == ClientHello)
            {
                return DtlsDatagramVerdict.ClientHelloAfterHandshake;
            }

            rest = rest[(RecordHeaderLength + length)..];
        }

        return DtlsDatagramVerdict.Accept;
    }
}
