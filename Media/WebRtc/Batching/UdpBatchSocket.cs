using System.Net;
using System.Net.Sockets;

namespace SecureStream.Media.WebRtc.Batching;

/// <summary>
/// Sends batches on one UDP socket through the chosen <see cref="IDatagramBatchSender"/> and,
/// for whatever it did not send (the portable path, or a socket that would have blocked), one
/// awaited <c>SendTo</c> per datagram, in order: nothing is dropped for being batched. A batch
/// the socket took at once completes synchronously, so the caller's send costs no thread hand-off.
/// </summary>
internal sealed class UdpBatchSocket
{
    private readonly Socket _socket;
    private long _batches;
    private long _datagramsBatched;
    private long _datagramsSentSingly;

    public UdpBatchSocket(Socket socket, IDatagramBatchSender sender)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(sender);
        _socket = socket;
        Sender = sender;
    }

    public IDatagramBatchSender Sender { get; }

    /// <summary>Batches handed to <see cref="SendAsync"/>.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Datagrams the batch sender sent (one system call for many).</summary>
    public long DatagramsBatched => Interlocked.Read(ref _datagramsBatched);

    /// <summary>Datagrams sent with their own awaited <c>SendTo</c> (the portable path, or the rest of a batch that would have blocked).</summary>
    public long DatagramsSentSingly => Interlocked.Read(ref _datagramsSentSingly);

    /// <summary>Sends every datagram of <paramref name="batch"/>, in order; false when a send failed (the rest is then not sent), never throws for that.</summary>
    public ValueTask<bool> SendAsync(DatagramBatch batch, IPEndPoint destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        Interlocked.Increment(ref _batches);
        DatagramBatchResult result;
        try
        {
            result = Sender.TrySend(_socket, batch.Buffer.Span, batch.Lengths.Span, destination);
        }
        catch (ObjectDisposedException)
        {
            return ValueTask.FromResult(false);
        }

        if (result.Sent > 0)
        {
            Interlocked.Add(ref _datagramsBatched, result.Sent);
        }

        return result.Status switch
        {
            DatagramBatchStatus.Complete => ValueTask.FromResult(true),
            DatagramBatchStatus.Failed => ValueTask.FromResult(false),
            _ => SendSinglyAsync(batch, result.Sent, destination, cancellationToken),
        };
    }

    private async ValueTask<bool> SendSinglyAsync(DatagramBatch batch, int from, IPEndPoint destination, CancellationToken cancellationToken)
    {
        var offset = 0;
        for (var i = 0; i < from; i++)
        {
            offset += batch.Lengths.Span[i];
        }

        try
        {
            for (var i = from; i < batch.Count; i++)
            {
                var length = batch.Lengths.Span[i];
                await _socket.SendToAsync(batch.Buffer.Slice(offset, length), SocketFlags.None, destination, cancellationToken).ConfigureAwait(false);
                offset += length;
                Interlocked.Increment(ref _datagramsSentSingly);
            }

            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }
}
