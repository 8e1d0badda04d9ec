using System.Buffers.Binary;

namespace SecureStream.Media.WebRtc.Rtp;

/// <summary>
/// The last <see cref="Capacity"/> RTP packets of one track, by sequence number, for answering
/// generic NACKs (RFC 4585 §6.2.1). A ring indexed by the low bits of the sequence number: memory
/// is bounded by the capacity (each slot references one packet of at most the packetizer's
/// payload size plus the header, though a slot may keep its frame's buffer alive), and a lookup
/// succeeds only when the slot still holds exactly the asked-for sequence number. One writer
/// (the packetizer) and any number of readers (viewers' RTCP handlers).
/// </summary>
internal sealed class RetransmissionHistory
{
    public const int DefaultCapacity = 512;

    private readonly ReadOnlyMemory<byte>[] _packets;
    private readonly Lock _gate = new();

    /// <param name="capacity">A power of two between 16 and 32768, so the ring divides the 16-bit sequence space.</param>
    public RetransmissionHistory(int capacity = DefaultCapacity)
    {
        if (capacity < 16 || capacity > 32768 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity must be a power of two between 16 and 32768.");
        }

        _packets = new ReadOnlyMemory<byte>[capacity];
    }

    public int Capacity => _packets.Length;

    /// <summary>Keeps <paramref name="packet"/> (a whole RTP packet whose header names its sequence number).</summary>
    public void Add(ReadOnlyMemory<byte> packet)
    {
        if (packet.Length < 12)
        {
            return;
        }

        var sequence = BinaryPrimitives.ReadUInt16BigEndian(packet.Span[2..]);
        lock (_gate)
        {
            _packets[sequence & (_packets.Length - 1)] = packet;
        }
    }

    /// <summary>The packet sent with <paramref name="sequence"/>, while it is among the last <see cref="Capacity"/>.</summary>
    public bool TryGet(ushort sequence, out ReadOnlyMemory<byte> packet)
    {
        lock (_gate)
        {
            packet = _packets[sequence & (_packets.Length - 1)];
        }

        if (packet.Length >= 12 && BinaryPrimitives.ReadUInt16BigEndian(packet.Span[2..]) == sequence)
        {
            return true;
        }

        packet = default;
        return false;
    }
}
