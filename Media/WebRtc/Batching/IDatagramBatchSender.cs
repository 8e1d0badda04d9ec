using System.Net;
using System.Net.Sockets;

namespace SecureStream.Media.WebRtc.Batching;

/// <summary>
/// The seam between the media port and the operating system's batch sends: sends as much of a
/// batch as the socket takes without blocking, in order. <see cref="UdpBatchSocket"/> sends the
/// rest one datagram at a time.
/// </summary>
internal interface IDatagramBatchSender
{
    DatagramSendPath Path { get; }

    /// <summary>Never blocks and never throws for a socket error; may be called concurrently for one socket (the kernel orders each call's datagrams).</summary>
    DatagramBatchResult TrySend(Socket socket, ReadOnlySpan<byte> buffer, ReadOnlySpan<int> lengths, IPEndPoint destination);
}
