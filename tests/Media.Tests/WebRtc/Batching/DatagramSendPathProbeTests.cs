using System.Net;
using System.Net.Sockets;
using SecureStream.Media.WebRtc.Batching;
using SecureStream.Media.WebRtc.Ice;

namespace SecureStream.Media.Tests.WebRtc.Batching;

public sealed class DatagramSendPathProbeTests
{
    public static TheoryData<string, bool, bool, string, bool> Decisions => new()
    {
        { nameof(SendBatchingMode.Auto), true, true, nameof(DatagramSendPath.Gso), false },
        { nameof(SendBatchingMode.Auto), true, false, nameof(DatagramSendPath.Sendmmsg), false },
        { nameof(SendBatchingMode.Auto), false, false, nameof(DatagramSendPath.PerDatagram), false },
        { nameof(SendBatchingMode.Gso), true, true, nameof(DatagramSendPath.Gso), false },
        { nameof(SendBatchingMode.Gso), true, false, nameof(DatagramSendPath.Sendmmsg), true },
        { nameof(SendBatchingMode.Gso), false, false, nameof(DatagramSendPath.PerDatagram), true },
        { nameof(SendBatchingMode.Sendmmsg), true, true, nameof(DatagramSendPath.Sendmmsg), false },
        { nameof(SendBatchingMode.Sendmmsg), false, false, nameof(DatagramSendPath.PerDatagram), true },
        { nameof(SendBatchingMode.Off), true, true, nameof(DatagramSendPath.PerDatagram), false },
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public void Choose_ConfiguredAndKernel_BestPathNotAboveConfigured(string mode, bool sendmmsg, bool gso, string expected, bool expectedDowngrade)
    {
        var path = DatagramSendPathProbe.Choose(Enum.Parse<SendBatchingMode>(mode), sendmmsg, gso, out var downgraded);

        Assert.Equal(Enum.Parse<DatagramSendPath>(expected), path);
        Assert.Equal(expectedDowngrade, downgraded);
    }

    [Theory]
    [InlineData(AddressFamily.InterNetwork)]
    [InlineData(AddressFamily.InterNetworkV6)]
    public void Select_ThisLinuxKernel_ProbesTheSocketAndFindsGso(AddressFamily family)
    {
        // The test machines run Linux 5.x or later, which has both calls.
        Assert.True(OperatingSystem.IsLinux(), "these tests run on Linux");
        using var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(family == AddressFamily.InterNetwork ? IPAddress.Loopback : IPAddress.IPv6Loopback, 0));

        Assert.Equal(DatagramSendPath.Gso, DatagramSendPathProbe.Select(socket, SendBatchingMode.Auto, out var downgraded).Path);
        Assert.False(downgraded);
        Assert.Equal(DatagramSendPath.Sendmmsg, DatagramSendPathProbe.Select(socket, SendBatchingMode.Sendmmsg, out _).Path);
        Assert.Same(PerDatagramSender.Instance, DatagramSendPathProbe.Select(socket, SendBatchingMode.Off, out _));
    }

    [Fact]
    public void HasSegmentOffload_SocketThatRefusesTheOption_False()
    {
        // A TCP socket refuses UDP-level options (ENOPROTOOPT): the same answer an old kernel gives a UDP socket.
        using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        Assert.False(DatagramSendPathProbe.HasSegmentOffload(tcp));
        Assert.True(DatagramSendPathProbe.HasSendmmsg(tcp));
    }

    [Theory]
    [InlineData("auto", true)]
    [InlineData("GSO", true)]
    [InlineData("sendmmsg", true)]
    [InlineData("off", true)]
    [InlineData("fast", false)]
    [InlineData("1", false)]
    [InlineData("", false)]
    public void OptionsValidator_SendBatching_OnlyTheNamedPaths(string value, bool valid)
    {
        var result = new IceEndpointOptionsValidator().Validate(null, new IceEndpointOptions { SendBatching = value });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("WebRtc:Ice:SendBatching", Assert.Single(result.Failures!), StringComparison.Ordinal);
        }
    }
}
