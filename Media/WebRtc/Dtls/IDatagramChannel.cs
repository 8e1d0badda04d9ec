namespace SecureStream.Media.WebRtc.Dtls;

/// <summary>
/// The way out of a DTLS session: sends one datagram to the remote address that passed ICE
/// connectivity checks. Implemented by the ICE layer, which also feeds received datagrams from
/// that verified address (and only from it) into <see cref="DtlsServerSession.OnDatagram"/>.
/// </summary>
internal interface IDatagramChannel
{
    /// <summary>Sends one datagram. The session never reuses the buffer it passes, so the channel may keep it.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken);
}
