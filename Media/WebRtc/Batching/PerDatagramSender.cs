using System.Net;
using System.Net.Sockets;

namespace SecureStream.Media.WebRtc.Batching;

/// <summary>The portable path: sends nothing itself, so <see cref="UdpBatchSocket"/> sends every datagram with its own <c>SendTo</c>.</summary>
internal sealed class PerDatagramSender : IDatagramBatchSender
{
    public static readonly PerDatagramSender Instance = new();

    public DatagramSendPath Path => DatagramSendPath.PerDatagram;

    public DatagramBatchResult TrySend(Socket socket, ReadOnlySpan<byte> buffer, ReadOnlySpan<int> lengths, IPEndPoint destination) =>
        new(0, lengths.IsEmpty ? DatagramBatchStatus.Complete : DatagramBatchStatus.Incomplete);
}
