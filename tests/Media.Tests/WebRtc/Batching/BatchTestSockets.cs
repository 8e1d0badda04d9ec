using System.Net;
using System.Net.Sockets;
using SecureStream.Media.WebRtc.Batching;

namespace SecureStream.Media.Tests.WebRtc.Batching;

/// <summary>Loopback socket pairs and batches of recognisable datagrams for the send-path tests.</summary>
internal static class BatchTestSockets
{
    /// <summary>A sending socket as the media port makes it (bound, non-blocking once used asynchronously) and a receiver with room for a big batch.</summary>
    public static (Socket Sender, Socket Receiver) Pair(AddressFamily family)
    {
        var loopback = family == AddressFamily.InterNetwork ? IPAddress.Loopback : IPAddress.IPv6Loopback;
        var sender = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        sender.Bind(new IPEndPoint(loopback, 0));
        var receiver = new Socket(family, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 << 20 };
        receiver.Bind(new IPEndPoint(loopback, 0));
        return (sender, receiver);
    }

    /// <summary>Datagrams of the given lengths, each filled with bytes that say which datagram and which offset they are.</summary>
    public static (DatagramBatch Batch, byte[][] Datagrams) Batch(IReadOnlyList<int> lengths)
    {
        var datagrams = new byte[lengths.Count][];
        for (var i = 0; i < lengths.Count; i++)
        {
            datagrams[i] = new byte[lengths[i]];
            for (var j = 0; j < lengths[i]; j++)
            {
                datagrams[i][j] = (byte)((i * 7) + j);
            }
        }

        // An offset start and trailing spare bytes: the batch need not start or end its buffer.
        var buffer = new byte[3 + lengths.Sum() + 5];
        var offset = 3;
        foreach (var datagram in datagrams)
        {
            datagram.CopyTo(buffer, offset);
            offset += datagram.Length;
        }

        return (new DatagramBatch(buffer.AsMemory(3, lengths.Sum()), lengths.ToArray()), datagrams);
    }

    /// <summary>Receives <paramref name="count"/> datagrams, each as its own array (datagram boundaries kept).</summary>
    public static async Task<List<byte[]>> ReceiveAsync(Socket receiver, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[65536];
        var received = new List<byte[]>(count);
        while (received.Count < count)
        {
            var length = await receiver.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            received.Add(buffer.AsSpan(0, length).ToArray());
        }

        return received;
    }

    /// <summary>Waits a moment, then says whether any datagram is still waiting (for "nothing more arrived").</summary>
    public static async Task<bool> AnyMoreAsync(Socket receiver)
    {
        await Task.Delay(200);
        return receiver.Available > 0;
    }
}
