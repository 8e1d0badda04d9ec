using System.Net;
using System.Net.Sockets;
using SecureStream.Media.WebRtc.Batching;
using static SecureStream.Media.Tests.WebRtc.Batching.BatchTestSockets;

namespace SecureStream.Media.Tests.WebRtc.Batching;

/// <summary>Every send path against real loopback sockets: bytes, boundaries and order as sent.</summary>
public sealed class UdpBatchSocketTests
{
    private static readonly Dictionary<string, int[]> Shapes = new()
    {
        // A frame as the packetizer cuts it: equal packets and a shorter last one.
        ["equal with short last"] = [.. Enumerable.Repeat(1228, 9), 431],
        // Sizes that change up and down: runs of one, a run ended by a short one, a bigger one after.
        ["mixed"] = [1228, 1228, 80, 1228, 1300, 1300, 1300, 12, 600, 1228, 1],
        // More than the kernel's 64 segments and 64 KB in one segmented send, and more than one sendmmsg call's messages.
        ["150 equal (over 64 segments and 64 KB)"] = [.. Enumerable.Repeat(1200, 150)],
        // Small datagrams: 64 segments before the byte limit.
        ["200 small"] = [.. Enumerable.Range(0, 200).Select(_ => 100)],
        ["one"] = [1228],
    };

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var path in Enum.GetNames<DatagramSendPath>())
        {
            foreach (var family in new[] { nameof(AddressFamily.InterNetwork), nameof(AddressFamily.InterNetworkV6) })
            {
                foreach (var shape in Shapes.Keys)
                {
                    data.Add(path, family, shape);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task SendAsync_Path_ReceivedExactlyAsSentInOrder(string pathName, string familyName, string shape)
    {
        var path = Enum.Parse<DatagramSendPath>(pathName);
        var (sender, receiver) = Pair(Enum.Parse<AddressFamily>(familyName));
        using (sender)
        using (receiver)
        {
            var batchSender = Sender(path);
            var socket = new UdpBatchSocket(sender, batchSender);
            var (batch, datagrams) = Batch(Shapes[shape]);

            Assert.True(await socket.SendAsync(batch, (IPEndPoint)receiver.LocalEndPoint!, CancellationToken.None));

            var received = await ReceiveAsync(receiver, datagrams.Length);
            Assert.Equal(datagrams.Select(Convert.ToHexString), received.Select(Convert.ToHexString));
            Assert.False(await AnyMoreAsync(receiver));
            Assert.Equal(path, batchSender.Path);
            var batched = path == DatagramSendPath.PerDatagram ? 0 : datagrams.Length;
            Assert.Equal(batched, socket.DatagramsBatched);
            Assert.Equal(datagrams.Length - batched, socket.DatagramsSentSingly);
        }
    }

    [Fact]
    public async Task SendAsync_DualStackSocketToIPv4_SentAsMappedAddress()
    {
        using var sender = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = true };
        sender.Bind(new IPEndPoint(IPAddress.IPv6Any, 0));
        var (_, receiver) = Pair(AddressFamily.InterNetwork);
        using (receiver)
        {
            var socket = new UdpBatchSocket(sender, new LinuxDatagramBatchSender(segmentOffload: true));
            var (batch, datagrams) = Batch([1000, 1000, 1000, 10]);

            Assert.True(await socket.SendAsync(batch, (IPEndPoint)receiver.LocalEndPoint!, CancellationToken.None));

            Assert.Equal(datagrams.Select(Convert.ToHexString), (await ReceiveAsync(receiver, 4)).Select(Convert.ToHexString));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(9)]
    public async Task SendAsync_WouldBlockPartWay_RestSentSinglyInOrder(int taken)
    {
        var (sender, receiver) = Pair(AddressFamily.InterNetwork);
        using (sender)
        using (receiver)
        {
            var socket = new UdpBatchSocket(sender, new StoppingSender(taken, DatagramBatchStatus.Incomplete));
            var (batch, datagrams) = Batch([.. Enumerable.Repeat(1228, 9), 431]);

            Assert.True(await socket.SendAsync(batch, (IPEndPoint)receiver.LocalEndPoint!, CancellationToken.None));

            Assert.Equal(datagrams.Select(Convert.ToHexString), (await ReceiveAsync(receiver, datagrams.Length)).Select(Convert.ToHexString));
            Assert.Equal(taken, socket.DatagramsBatched);
            Assert.Equal(datagrams.Length - taken, socket.DatagramsSentSingly);
        }
    }

    [Fact]
    public async Task SendAsync_FailedPartWay_FalseAndTheRestNotSent()
    {
        var (sender, receiver) = Pair(AddressFamily.InterNetwork);
        using (sender)
        using (receiver)
        {
            var socket = new UdpBatchSocket(sender, new StoppingSender(2, DatagramBatchStatus.Failed));
            var (batch, datagrams) = Batch([100, 200, 300, 400]);

            Assert.False(await socket.SendAsync(batch, (IPEndPoint)receiver.LocalEndPoint!, CancellationToken.None));

            Assert.Equal(datagrams.Take(2).Select(Convert.ToHexString), (await ReceiveAsync(receiver, 2)).Select(Convert.ToHexString));
            Assert.False(await AnyMoreAsync(receiver));
            Assert.Equal(0, socket.DatagramsSentSingly);
        }
    }

    [Fact]
    public async Task SendAsync_ClosedSocket_FalseWithoutThrowing()
    {
        var (sender, receiver) = Pair(AddressFamily.InterNetwork);
        using (receiver)
        {
            var destination = (IPEndPoint)receiver.LocalEndPoint!;
            sender.Dispose();
            var (batch, _) = Batch([100, 100]);

            Assert.False(await new UdpBatchSocket(sender, new LinuxDatagramBatchSender(segmentOffload: true)).SendAsync(batch, destination, CancellationToken.None));
            Assert.False(await new UdpBatchSocket(sender, PerDatagramSender.Instance).SendAsync(batch, destination, CancellationToken.None));
        }
    }

    [Theory]
    [InlineData(new[] { 1200, 1200, 1200 }, 3)]
    [InlineData(new[] { 1200, 1200, 500, 1200 }, 3)]
    [InlineData(new[] { 1200, 1300 }, 1)]
    [InlineData(new[] { 500, 500, 500, 500, 400, 400 }, 5)]
    [InlineData(new[] { 70000 }, 1)]
    public void RunLength_SegmentsOfOneSizeThenAtMostOneShorter(int[] lengths, int expected)
    {
        Assert.Equal(expected, LinuxDatagramBatchSender.RunLength(lengths));
    }

    [Fact]
    public void RunLength_KernelLimits_SixtyFourSegmentsAndSixtyFourKilobytes()
    {
        Assert.Equal(LinuxUdpInterop.MaxSegments, LinuxDatagramBatchSender.RunLength([.. Enumerable.Repeat(100, 200)]));
        Assert.Equal(LinuxUdpInterop.MaxSegmentedBytes / 1200, LinuxDatagramBatchSender.RunLength([.. Enumerable.Repeat(1200, 60)]));
    }

    private static IDatagramBatchSender Sender(DatagramSendPath path) => path switch
    {
        DatagramSendPath.PerDatagram => PerDatagramSender.Instance,
        DatagramSendPath.Sendmmsg => new LinuxDatagramBatchSender(segmentOffload: false),
        _ => new LinuxDatagramBatchSender(segmentOffload: true),
    };

    /// <summary>Sends the first datagrams with the real sendmmsg path, then reports the socket full (or broken), as the kernel would.</summary>
    private sealed class StoppingSender(int taken, DatagramBatchStatus status) : IDatagramBatchSender
    {
        private readonly LinuxDatagramBatchSender _inner = new(segmentOffload: false);

        public DatagramSendPath Path => _inner.Path;

        public DatagramBatchResult TrySend(Socket socket, ReadOnlySpan<byte> buffer, ReadOnlySpan<int> lengths, IPEndPoint destination)
        {
            var first = _inner.TrySend(socket, buffer, lengths[..taken], destination);
            Assert.Equal(new DatagramBatchResult(taken, DatagramBatchStatus.Complete), first);
            return new DatagramBatchResult(taken, taken == lengths.Length && status == DatagramBatchStatus.Incomplete ? DatagramBatchStatus.Complete : status);
        }
    }
}
