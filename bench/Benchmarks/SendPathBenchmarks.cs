using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using SecureStream.Media.WebRtc.Batching;
using SecureStream.Media.WebRtc.Rtp;
using SecureStream.Media.WebRtc.Srtp;

namespace SecureStream.Benchmarks;

/// <summary>
/// One viewer's send path for one frame, by stage (docs/benchmarks/send-path.md): copying the
/// shared packets and patching PT/SSRC, SRTP-protecting them (per packet into its own pooled
/// buffer, as the writer did, or all into one buffer), sending them to a loopback UDP socket
/// (one <c>SendTo</c> per packet, one sendmmsg, one sendmmsg of GSO runs), and the writer end to
/// end with a send that does nothing (protect plus the hand-off to its send loop). One operation
/// is one frame of <see cref="PacketsPerFrame"/> packets of 1,200 payload bytes: divide by it for
/// a packet. The receiving socket is never read: the kernel drops what overflows it, the same
/// for every variant, so the figures are the sender's.
/// </summary>
[MemoryDiagnoser]
public class SendPathBenchmarks
{
    private const int PayloadLength = 1200;
    private const uint Ssrc = 0x5EC057E4;

    private readonly Lock _protectLock = new();
    private SrtpContext _srtp = null!;
    private ReadOnlyMemory<byte>[] _packets = null!;
    private OutboundFrame _frame = null!;
    private byte[] _frameBuffer = null!;
    private int[] _lengths = null!;
    private Socket _sender = null!;
    private Socket _receiver = null!;
    private IPEndPoint _destination = null!;
    private UdpBatchSocket _sendmmsg = null!;
    private UdpBatchSocket _gso = null!;
    private ViewerRtpWriter _writer = null!;
    private CancellationTokenSource _stop = null!;
    private TaskCompletionSource _frameSent = new();
    private int _writerSent;

    /// <summary>Packets in the frame: a 1.5 Mbit/s, 25 fps camera's frames are 5–8 packets, its keyframes 30–50.</summary>
    [Params(7, 40)]
    public int PacketsPerFrame { get; set; }

    /// <summary>The SRTP profile: <c>gcm</c> is what browsers get (docs/benchmarks/srtp.md), <c>aes-cm</c> the fallback.</summary>
    [Params("gcm", "aes-cm")]
    public string Srtp { get; set; } = "gcm";

    [GlobalSetup]
    public void Setup()
    {
        var profile = Srtp == "gcm" ? SrtpProtectionProfile.AeadAes128Gcm : SrtpProtectionProfile.AesCm128HmacSha1Tag80;
        var exported = new byte[SrtpProfileParameters.ExporterLength(profile)];
        for (var i = 0; i < exported.Length; i++)
        {
            exported[i] = (byte)((i * 31) + 7);
        }

        _srtp = SrtpContext.Create(SrtpKeyingMaterial.FromDtlsExporter(exported, profile, SrtpEndpointRole.Server));
        _packets = new ReadOnlyMemory<byte>[PacketsPerFrame];
        for (var p = 0; p < PacketsPerFrame; p++)
        {
            var packet = new byte[OutboundTrackPacketizer.HeaderSize + PayloadLength];
            packet[0] = 0x80;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)p);
            packet.AsSpan(12).Fill((byte)p);
            _packets[p] = packet;
        }

        // As the packetizer makes them: a header part and a payload slice.
        _frame = new OutboundFrame(
            0,
            IsKeyframe: true,
            [.. _packets.Select(p => new OutboundPacket(p[..OutboundTrackPacketizer.HeaderSize], p[OutboundTrackPacketizer.HeaderSize..]))],
            DateTimeOffset.UtcNow);
        _frameBuffer = new byte[PacketsPerFrame * (OutboundTrackPacketizer.HeaderSize + PayloadLength + _srtp.RtpOverhead)];
        _lengths = [.. Enumerable.Repeat(OutboundTrackPacketizer.HeaderSize + PayloadLength + _srtp.RtpOverhead, PacketsPerFrame)];

        _sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _destination = (IPEndPoint)_receiver.LocalEndPoint!;
        _sendmmsg = new UdpBatchSocket(_sender, new LinuxDatagramBatchSender(segmentOffload: false));
        _gso = new UdpBatchSocket(_sender, new LinuxDatagramBatchSender(segmentOffload: true));

        _stop = new CancellationTokenSource();
        _writer = new ViewerRtpWriter(_srtp, Ssrc, 96, isVideo: false, (batch, _) =>
        {
            _writerSent += batch.Count;
            if (_writerSent % PacketsPerFrame == 0)
            {
                _frameSent.TrySetResult();
            }

            return ValueTask.CompletedTask;
        }, protectLock: _protectLock);
        _ = _writer.RunAsync(_stop.Token);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stop.Cancel();
        _sender.Dispose();
        _receiver.Dispose();
        _srtp.Dispose();
    }

    /// <summary>Per packet: rent a buffer, copy the shared packet, patch PT and SSRC, return the buffer.</summary>
    [Benchmark]
    public int CopyAndPatch()
    {
        var total = 0;
        foreach (var packet in _packets)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(packet.Length + _srtp.RtpOverhead);
            packet.Span.CopyTo(buffer);
            buffer[1] = (byte)((buffer[1] & 0x80) | 96);
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), Ssrc);
            total += buffer[1];
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return total;
    }

    /// <summary>The writer's protect as it was: per packet its own pooled buffer, copy, patch, protect under the viewer's lock.</summary>
    [Benchmark(Baseline = true)]
    public int ProtectPerPacket()
    {
        var total = 0;
        foreach (var packet in _packets)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(packet.Length + _srtp.RtpOverhead);
            var plain = buffer.AsSpan(0, packet.Length);
            packet.Span.CopyTo(plain);
            plain[1] = (byte)((plain[1] & 0x80) | 96);
            BinaryPrimitives.WriteUInt32BigEndian(plain[8..], Ssrc);
            lock (_protectLock)
            {
                _srtp.ProtectRtp(plain, buffer, out var written);
                total += written;
            }

            ArrayPool<byte>.Shared.Return(buffer);
        }

        return total;
    }

    /// <summary>The frame's packets copied, patched and protected back to back into one buffer, the lock taken once.</summary>
    [Benchmark]
    public int ProtectIntoOneBuffer()
    {
        var offset = 0;
        lock (_protectLock)
        {
            foreach (var packet in _packets)
            {
                var plain = _frameBuffer.AsSpan(offset, packet.Length);
                packet.Span.CopyTo(plain);
                plain[1] = (byte)((plain[1] & 0x80) | 96);
                BinaryPrimitives.WriteUInt32BigEndian(plain[8..], Ssrc);
                _srtp.ProtectRtp(plain, _frameBuffer.AsSpan(offset), out var written);
                offset += written;
            }
        }

        return offset;
    }

    /// <summary>One awaited <c>SendToAsync</c> per packet (the portable path, and the only one before batching).</summary>
    [Benchmark]
    public async Task<int> SendPerPacket()
    {
        var offset = 0;
        foreach (var length in _lengths)
        {
            offset += await _sender.SendToAsync(_frameBuffer.AsMemory(offset, length), SocketFlags.None, _destination);
        }

        return offset;
    }

    /// <summary>One sendmmsg for the frame, one message per packet.</summary>
    [Benchmark]
    public ValueTask<bool> SendSendmmsg() => _sendmmsg.SendAsync(new DatagramBatch(_frameBuffer, _lengths), _destination, CancellationToken.None);

    /// <summary>One sendmmsg for the frame whose message is a GSO run (more than one from 55 packets on).</summary>
    [Benchmark]
    public ValueTask<bool> SendGso() => _gso.SendAsync(new DatagramBatch(_frameBuffer, _lengths), _destination, CancellationToken.None);

    /// <summary>
    /// The writer end to end with a send that does nothing: enqueue, protect into one buffer, hand
    /// the batch on (inline while its loop is idle; before batching: a hand-off to the loop and one
    /// send per packet), until the last packet is handed on.
    /// </summary>
    [Benchmark]
    public async Task WriterWithoutSocket()
    {
        _frameSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _writer.Enqueue(_frame);
        await _frameSent.Task;
    }
}
