using System.Buffers;
using System.Buffers.Binary;
using SecureStream.Media.WebRtc.Batching;
using SecureStream.Media.WebRtc.Srtp;

namespace SecureStream.Media.WebRtc.Rtp;

/// <summary>The writer's send: a frame's packets protected into one pooled buffer and handed on as one batch.</summary>
internal sealed partial class ViewerRtpWriter
{
    /// <summary>
    /// Protects the frame's packets (or the one retransmitted <paramref name="single"/>) back to
    /// back into one pooled buffer and sends them as one batch; the packets sent. The buffer goes
    /// back to the pool once the send completed.
    /// </summary>
    private ValueTask<int> SendPacketsAsync(OutboundFrame? frame, OutboundPacket single, CancellationToken cancellationToken)
    {
        var count = frame?.Packets.Count ?? 1;
        var capacity = 0;
        for (var i = 0; i < count; i++)
        {
            capacity += (frame?.Packets[i] ?? single).Length + _srtp.RtpOverhead;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(capacity);
        var lengths = ArrayPool<int>.Shared.Rent(count);
        var datagrams = 0;
        var length = 0;
        long octets = 0;
        lock (_protectLock)
        {
            for (var i = 0; i < count; i++)
            {
                var packet = frame?.Packets[i] ?? single;
                if (!packet.HasRtpHeader)
                {
                    continue;
                }

                if (!Protect(packet, buffer.AsSpan(length), out var written))
                {
                    Interlocked.Increment(ref _protectFailures);
                    continue;
                }

                lengths[datagrams++] = written;
                length += written;
                octets += packet.Length - OutboundTrackPacketizer.HeaderSize;
            }
        }

        if (datagrams == 0)
        {
            Return(buffer, lengths);
            return ValueTask.FromResult(0);
        }

        var batch = new DatagramBatch(buffer.AsMemory(0, length), lengths.AsMemory(0, datagrams));
        ValueTask sending;
        try
        {
            sending = _send(batch, cancellationToken);
        }
        catch
        {
            Return(buffer, lengths);
            throw;
        }

        if (sending.IsCompletedSuccessfully)
        {
            Sent(datagrams, octets);
            Return(buffer, lengths);
            return ValueTask.FromResult(datagrams);
        }

        return AwaitSentAsync(sending, buffer, lengths, datagrams, octets);
    }

    private async ValueTask<int> AwaitSentAsync(ValueTask sending, byte[] buffer, int[] lengths, int datagrams, long octets)
    {
        try
        {
            await sending.ConfigureAwait(false);
            Sent(datagrams, octets);
            return datagrams;
        }
        finally
        {
            Return(buffer, lengths);
        }
    }

    private void Sent(int datagrams, long octets)
    {
        Interlocked.Add(ref _packetsSent, datagrams);
        Interlocked.Add(ref _octetsSent, octets);
    }

    private static void Return(byte[] buffer, int[] lengths)
    {
        ArrayPool<byte>.Shared.Return(buffer);
        ArrayPool<int>.Shared.Return(lengths);
    }

    // Under the protect lock. The one copy: the shared packet (its header part, then its payload
    // slice of the frame) into this viewer's buffer, where it is patched and encrypted in place.
    private bool Protect(OutboundPacket packet, Span<byte> output, out int written)
    {
        // The shared packet's header has the placeholders at byte 1 (PT, keep the marker) and 8–11 (SSRC).
        var plain = output[..packet.Length];
        packet.CopyTo(plain);
        plain[1] = (byte)((plain[1] & 0x80) | PayloadType);
        BinaryPrimitives.WriteUInt32BigEndian(plain[8..], Ssrc);
        return _srtp.ProtectRtp(plain, output, out written) == SrtpResult.Ok;
    }
}
