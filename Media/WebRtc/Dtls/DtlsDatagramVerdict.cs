namespace SecureStream.Media.WebRtc.Dtls;

/// <summary>What <see cref="DtlsDatagramFilter"/> decided about one received datagram.</summary>
internal enum DtlsDatagramVerdict
{
    /// <summary>Well-formed DTLS records: hand it to the DTLS layer.</summary>
    Accept,

    /// <summary>Larger than the configured maximum datagram size.</summary>
    Oversized,

    /// <summary>Not a sequence of DTLS 1.x records whose lengths add up (RFC 6347 §4.1).</summary>
    Malformed,

    /// <summary>A plaintext ClientHello after the handshake finished: a new handshake is never started on an established session.</summary>
    ClientHelloAfterHandshake,
}
