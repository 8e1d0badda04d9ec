namespace SecureStream.Media.WebRtc.Batching;

/// <summary>
/// Datagrams laid end to end in one buffer, in send order: datagram <c>i</c> is the
/// <c>Lengths[i]</c> bytes after the ones before it. One viewer's SRTP packets of one frame, so
/// the socket can take them in one call.
/// </summary>
internal readonly struct DatagramBatch
{
    public DatagramBatch(ReadOnlyMemory<byte> buffer, ReadOnlyMemory<int> lengths)
    {
        Buffer = buffer;
        Lengths = lengths;
    }

    /// <summary>The datagrams, back to back (at least the sum of <see cref="Lengths"/> bytes).</summary>
    public ReadOnlyMemory<byte> Buffer { get; }

    /// <summary>Each datagram's length, in order; none is zero.</summary>
    public ReadOnlyMemory<int> Lengths { get; }

    public int Count => Lengths.Length;

    /// <summary>One datagram of the batch (walks the lengths before it: for the fallback paths, not a hot loop).</summary>
    public ReadOnlyMemory<byte> Datagram(int index)
    {
        var lengths = Lengths.Span;
        var offset = 0;
        for (var i = 0; i < index; i++)
        {
            offset += lengths[i];
        }

        return Buffer.Slice(offset, lengths[index]);
    }
}
