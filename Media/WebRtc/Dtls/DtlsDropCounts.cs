namespace SecureStream.Media.WebRtc.Dtls;

/// <summary>
/// How many received datagrams a session dropped, by cause: the data plane counts instead of
/// logging per packet (docs/architecture.md, the data plane), and reports once when the session ends.
/// </summary>
/// <param name="Oversized">Above <see cref="DtlsOptions.MaxReceiveDatagramSize"/>.</param>
/// <param name="Malformed">Not well-formed DTLS records (RFC 6347 §4.1).</param>
/// <param name="ClientHelloAfterHandshake">A new ClientHello on an established session.</param>
/// <param name="QueueFull">Arrived while <see cref="DtlsOptions.ReceiveQueueCapacity"/> datagrams were waiting.</param>
/// <param name="ApplicationData">Authenticated DTLS application data: we carry no data channel, so it has no reader.</param>
/// <param name="AfterEnd">Arrived after the handshake failed or the session ended.</param>
internal readonly record struct DtlsDropCounts(
    long Oversized,
    long Malformed,
    long ClientHelloAfterHandshake,
    long QueueFull,
    long ApplicationData,
    long AfterEnd)
{
    /// <summary>All causes together.</summary>
    public long Total => Oversized + Malformed + ClientHelloAfterHandshake + QueueFull + ApplicationData + AfterEnd;
}
