namespace SecureStream.Media.WebRtc.Rtp;

/// <summary>
/// The RTP packets of one track sent within the last <see cref="Window"/> of media time, by
/// sequence number, for answering generic NACKs (RFC 4585 §6.2.1). A ring indexed by the low bits
/// of the sequence number, <see cref="Capacity"/> slots: a lookup succeeds only when the slot
/// still holds exactly the asked-for sequence number. One writer (the packetizer) and any number
/// of readers (viewers' RTCP handlers).
/// <para>
/// Sized by time, not by count: a NACK comes one round trip after the loss (tens to a few hundred
/// milliseconds), so packets older than the window are let go as new ones arrive (their age read
/// from the RTP timestamps, which the packetizer never moves back), keeping at least
/// <see cref="MinPackets"/> and at most <see cref="Capacity"/>. Each slot references its frame's
/// header buffer and a slice of the frame's bytes, so a kept packet keeps that frame alive:
/// holding seconds of a camera's packets held seconds of its frames
/// (docs/benchmarks/camera-memory.md). A NACK for a packet let go is a miss, like one for a packet
/// never sent.
/// </para>
/// </summary>
internal sealed class RetransmissionHistory
{
    /// <summary>Slots: the most packets kept whatever the window (≈ 3.4 s of a 1.5 Mbit/s camera).</summary>
    public const int DefaultCapacity = 512;

    /// <summary>Packets kept however old, so a low-rate track (audio, a still scene) still answers NACKs.</summary>
    public const int DefaultMinPackets = 64;

    /// <summary>Media time kept when none is configured (<c>WebRtc:Sessions:RetransmissionWindow</c>).</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(1);

    private readonly OutboundPacket[] _packets;
    private readonly Lock _gate = new();
    private readonly uint _windowTicks;
    private readonly int _minPackets;
    private ushort _oldest;
    private ushort _newest;
    private bool _started;

    /// <summary>The last <paramref name="capacity"/> packets, whatever their age.</summary>
    /// <param name="capacity">A power of two between 16 and 32768, so the ring divides the 16-bit sequence space.</param>
    public RetransmissionHistory(int capacity = DefaultCapacity)
        : this(capacity, capacity, uint.MaxValue, Timeout.InfiniteTimeSpan)
    {
    }

    /// <summary>The packets of the last <paramref name="window"/> of media time, at least <paramref name="minPackets"/>, at most <paramref name="capacity"/>.</summary>
    /// <param name="clockRate">The track's RTP clock rate (Hz), which the packets' timestamps count in.</param>
    /// <param name="window">Media time kept, 10 ms to 60 s.</param>
    /// <param name="minPackets">Packets kept however old, 1 to <paramref name="capacity"/>.</param>
    /// <param name="capacity">A power of two between 16 and 32768, so the ring divides the 16-bit sequence space.</param>
    public RetransmissionHistory(int clockRate, TimeSpan window, int minPackets = DefaultMinPackets, int capacity = DefaultCapacity)
        : this(capacity, minPackets, WindowTicks(clockRate, window), window)
    {
    }

    private RetransmissionHistory(int capacity, int minPackets, uint windowTicks, TimeSpan window)
    {
        if (capacity < 16 || capacity > 32768 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity must be a power of two between 16 and 32768.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(minPackets, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minPackets, capacity);
        _packets = new OutboundPacket[capacity];
        _minPackets = minPackets;
        _windowTicks = windowTicks;
        Window = window;
    }

    public int Capacity => _packets.Length;

    /// <summary>Packets kept however old.</summary>
    public int MinPackets => _minPackets;

    /// <summary>Media time kept; <see cref="Timeout.InfiniteTimeSpan"/> when only the capacity bounds the history.</summary>
    public TimeSpan Window { get; }

    /// <summary>Packets held now (for tests and diagnostics).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _started ? (ushort)(_newest - _oldest) + 1 : 0;
            }
        }
    }

    /// <summary>Keeps <paramref name="packet"/> (a whole RTP packet whose header names its sequence number and timestamp), and lets go of packets older than the window.</summary>
    public void Add(OutboundPacket packet)
    {
        if (!packet.HasRtpHeader)
        {
            return;
        }

        var sequence = packet.Sequence;
        var timestamp = packet.Timestamp;
        var mask = _packets.Length - 1;
        lock (_gate)
        {
            _packets[sequence & mask] = packet;
            if (!_started)
            {
                _started = true;
                _oldest = sequence;
                _newest = sequence;
                return;
            }

            if ((short)(sequence - _newest) <= 0)
            {
                // Not newer than the newest (the packetizer never does this): kept in its slot, the range unchanged.
                return;
            }

            _newest = sequence;
            if ((ushort)(_newest - _oldest) >= _packets.Length)
            {
                // The ring went round: the slots before this one were overwritten.
                _oldest = (ushort)(_newest - _packets.Length + 1);
            }

            while ((ushort)(_newest - _oldest) + 1 > _minPackets)
            {
                var slot = _oldest & mask;
                var old = _packets[slot];
                if (old.HasRtpHeader && old.Sequence == _oldest)
                {
                    if (timestamp - old.Timestamp <= _windowTicks)
                    {
                        break;
                    }

                    _packets[slot] = default;
                }

                _oldest++;
            }
        }
    }

    /// <summary>The packet sent with <paramref name="sequence"/>, while it is within the window (or among the last <see cref="MinPackets"/>).</summary>
    public bool TryGet(ushort sequence, out OutboundPacket packet)
    {
        lock (_gate)
        {
            packet = _packets[sequence & (_packets.Length - 1)];
        }

        if (packet.HasRtpHeader && packet.Sequence == sequence)
        {
            return true;
        }

        packet = default;
        return false;
    }

    private static uint WindowTicks(int clockRate, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clockRate, 1);
        if (window < TimeSpan.FromMilliseconds(10) || window > TimeSpan.FromSeconds(60))
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "The window must be between 10 ms and 60 s.");
        }

        return (uint)Math.Round(window.TotalSeconds * clockRate);
    }
}
