using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using SecureStream.DemoCameras;
using SecureStream.Media.Codecs;
using SecureStream.Media.Frames;
using SecureStream.Media.Rtp;

namespace SecureStream.Benchmarks;

/// <summary>
/// H.264 receive path: every RTP packet of the 10 s <c>lobby</c> demo clip (640x360, 25 fps,
/// packetized once in setup by the demo server's RFC 6184 packetizer: single NAL unit packets and
/// FU-A, payloads ≤ 1200 bytes, marker on the last packet of each access unit) through one
/// <see cref="RtpTrackReceiver"/> from <see cref="RtpTrackFactory"/>. One operation = the whole clip
/// (<see cref="PacketCount"/> packets, <see cref="RtpBytes"/> bytes). Throughput per core =
/// RtpBytes × 8 / mean.
/// </summary>
[MemoryDiagnoser]
public class H264DepacketizeBenchmarks
{
    private const uint Ssrc = 0x5EC057E4;
    private const int HeaderLength = 12;

    private byte[][] _packets = null!;
    private int[] _frameOfPacket = null!;
    private int _frameCount;
    private int _ticksPerFrame;
    private RtpTrackSettings _settings = null!;
    private RtpTrackReceiver _receiver = null!;
    private readonly List<MediaFrame> _output = new(4);
    private ushort _sequence;
    private long _loop;

    /// <summary>RTP packets in the clip.</summary>
    public static int PacketCount { get; private set; }

    /// <summary>Bytes of all RTP packets of the clip (12-byte headers included).</summary>
    public static long RtpBytes { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var clip = DemoClipLibrary.BuiltIn.Clips.Single(c => c.Name == "lobby");
        _frameCount = clip.VideoFrames.Length;
        _ticksPerFrame = clip.VideoTicksPerFrame;
        var packets = new List<byte[]>();
        var frames = new List<int>();
        for (var f = 0; f < clip.VideoFrames.Length; f++)
        {
            var payloads = clip.VideoFrames[f].Payloads;
            for (var p = 0; p < payloads.Length; p++)
            {
                var packet = new byte[HeaderLength + payloads[p].Length];
                packet[0] = 0x80; // V=2, no padding, no extension, no CSRC
                packet[1] = (byte)(96 | (p == payloads.Length - 1 ? 0x80 : 0));
                BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), Ssrc);
                payloads[p].Span.CopyTo(packet.AsSpan(HeaderLength));
                packets.Add(packet);
                frames.Add(f);
            }
        }

        _packets = [.. packets];
        _frameOfPacket = [.. frames];
        PacketCount = _packets.Length;
        RtpBytes = _packets.Sum(p => (long)p.Length);
        _settings = new RtpTrackSettings(0, 96, "H264", 90000)
        {
            FormatParameters = new Dictionary<string, string>
            {
                ["packetization-mode"] = "1",
                ["profile-level-id"] = clip.ProfileLevelId,
                ["sprop-parameter-sets"] = clip.SpropParameterSets,
            },
        };
        _receiver = NewReceiver();

        // Check the answer: every access unit comes out as one frame, nothing dropped, and the
        // same again on the next loop (sequence numbers and timestamps continue).
        for (var pass = 0; pass < 2; pass++)
        {
            var produced = 0;
            var expected = _frameCount;
            for (var i = 0; i < _packets.Length; i++)
            {
                Stamp(i);
                if (_receiver.Receive(_packets[i], _output) is { } drop)
                {
                    throw new InvalidOperationException($"Packet {i} dropped: {drop}.");
                }

                produced += _output.Count;
                _output.Clear();
            }

            _loop++;
            // The last frame completes at its marker bit, so all frames are out after one loop.
            if (produced != expected)
            {
                throw new InvalidOperationException($"Pass {pass}: {produced} frames out of {expected} access units.");
            }
        }

        Console.WriteLine($"// lobby clip: {_frameCount} frames, {PacketCount} RTP packets, {RtpBytes} RTP bytes ({RtpBytes - ((long)HeaderLength * PacketCount)} payload bytes)");
    }

    /// <summary>One receiver that lives on: sequence numbers and timestamps continue from loop to loop, like a camera looping the clip.</summary>
    [Benchmark(Baseline = true)]
    public int ContinuingReceiver()
    {
        var produced = 0;
        for (var i = 0; i < _packets.Length; i++)
        {
            Stamp(i);
            _receiver.Receive(_packets[i], _output);
            produced += _output.Count;
            _output.Clear();
        }

        _loop++;
        return produced;
    }

    /// <summary>A new receiver from the factory per clip (SDP parameters parsed, new counters), then the clip.</summary>
    [Benchmark]
    public int FreshReceiverPerClip()
    {
        var receiver = NewReceiver();
        var produced = 0;
        for (var i = 0; i < _packets.Length; i++)
        {
            Stamp(i);
            receiver.Receive(_packets[i], _output);
            produced += _output.Count;
            _output.Clear();
        }

        _loop++;
        return produced;
    }

    private void Stamp(int index)
    {
        var packet = _packets[index];
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), _sequence++);
        var timestamp = (uint)((((_loop * _frameCount) + _frameOfPacket[index]) * _ticksPerFrame) & 0xFFFFFFFF);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
    }

    private RtpTrackReceiver NewReceiver() =>
        RtpTrackFactory.Create(_settings, TimeProvider.System).Receiver
            ?? throw new InvalidOperationException("H264 track not supported.");
}
