using System.Buffers.Binary;
using SecureStream.Media.WebRtc.Rtp;

namespace SecureStream.Media.Tests.WebRtc.Rtp;

/// <summary>The history keeps a window of media time, between a floor and a ceiling in packets.</summary>
public sealed class RetransmissionHistoryTests
{
    private const int ClockRate = 90_000;

    private static byte[] Packet(ushort sequence, uint timestamp)
    {
        var packet = new byte[12 + 100];
        packet[0] = 0x80;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        return packet;
    }

    [Fact]
    public void Add_PacketsOlderThanTheWindow_LetGoRecentOnesKept()
    {
        // 100 ms at 90 kHz is 9000 ticks; one packet every 1000 ticks.
        var history = new RetransmissionHistory(ClockRate, TimeSpan.FromMilliseconds(100), minPackets: 4, capacity: 64);
        for (var i = 0; i < 20; i++)
        {
            history.Add(Packet((ushort)i, (uint)(i * 1000)));
        }

        // The newest is at 19000: 10000..19000 are within 9000 ticks of it.
        Assert.Equal(10, history.Count);
        Assert.True(history.TryGet(19, out var newest));
        Assert.Equal(19, newest.Sequence);
        Assert.True(history.TryGet(10, out _));
        Assert.False(history.TryGet(9, out _));
        Assert.False(history.TryGet(0, out _));
    }

    [Fact]
    public void Add_SlowTrack_KeepsTheFloorHoweverOld()
    {
        // One packet a second, a 100 ms window: the last minPackets stay answerable.
        var history = new RetransmissionHistory(ClockRate, TimeSpan.FromMilliseconds(100), minPackets: 4, capacity: 16);
        for (var i = 0; i < 10; i++)
        {
            history.Add(Packet((ushort)i, (uint)(i * ClockRate)));
        }

        Assert.Equal(4, history.Count);
        Assert.True(history.TryGet(6, out _));
        Assert.False(history.TryGet(5, out _));
    }

    [Fact]
    public void Add_FastTrack_KeepsAtMostTheCapacity()
    {
        // Every packet within the window: the ring's capacity bounds it.
        var history = new RetransmissionHistory(ClockRate, TimeSpan.FromSeconds(10), minPackets: 4, capacity: 16);
        for (var i = 0; i < 40; i++)
        {
            history.Add(Packet((ushort)i, 5000));
        }

        Assert.Equal(16, history.Count);
        Assert.True(history.TryGet(24, out _));
        Assert.False(history.TryGet(23, out _));
    }

    [Fact]
    public void Add_SequenceAndTimestampWrap_WindowStillByTime()
    {
        var history = new RetransmissionHistory(ClockRate, TimeSpan.FromMilliseconds(100), minPackets: 1, capacity: 64);
        var sequence = (ushort)65_530;
        var timestamp = uint.MaxValue - 4500;
        for (var i = 0; i < 20; i++)
        {
            history.Add(Packet(sequence++, timestamp));
            timestamp += 1000;
        }

        // Sequences 65530..65535, 0..13; the last ten (by time) are 4..13.
        Assert.Equal(10, history.Count);
        Assert.True(history.TryGet(4, out _));
        Assert.True(history.TryGet(13, out _));
        Assert.False(history.TryGet(3, out _));
        Assert.False(history.TryGet(65_535, out _));
    }

    [Fact]
    public void TryGet_BeforeAnyPacketOrUnknownSequence_Miss()
    {
        var history = new RetransmissionHistory(ClockRate, RetransmissionHistory.DefaultWindow);
        Assert.False(history.TryGet(7, out var nothing));
        Assert.Equal(0, nothing.Length);
        Assert.Equal(0, history.Count);

        history.Add(Packet(7 + 512, 0));
        Assert.False(history.TryGet(7, out _));
    }

    [Theory]
    [InlineData(0, 1_000, 64, 512)]
    [InlineData(90_000, 5, 64, 512)]
    [InlineData(90_000, 61_000, 64, 512)]
    [InlineData(90_000, 1_000, 0, 512)]
    [InlineData(90_000, 1_000, 513, 512)]
    [InlineData(90_000, 1_000, 64, 500)]
    public void Constructor_OutOfRange_Refused(int clockRate, int windowMs, int minPackets, int capacity)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetransmissionHistory(clockRate, TimeSpan.FromMilliseconds(windowMs), minPackets, capacity));
    }
}
