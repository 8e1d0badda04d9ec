using System.Net;
using CsCheck;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SecureStream.Media.WebRtc.Ice;

namespace SecureStream.Media.Tests.WebRtc.Ice;

/// <summary>Properties of the shared port's routing decision over arbitrary and corrupted input (no sockets).</summary>
public sealed class IcePropertyTests
{
    private static readonly IPEndPoint Source = new(IPAddress.Parse("192.0.2.77"), 40000);

    [Fact]
    public async Task Process_ArbitraryBytes_NeverThrowsNeverAnswersNeverVerifies()
    {
        var (endpoint, agent, handler, _) = NewSession();
        await using (endpoint)
        using (agent)
        {
            var response = new byte[IceLiteAgent.MaxResponseSize];
            Gen.Byte.Array[0, 300].Sample(packet =>
            {
                var length = endpoint.Process(packet, new IceTransportAddress(IceProtocol.Udp, Source), response, out var verifiedFor);
                Assert.Equal(0, length);
                Assert.Null(verifiedFor);
            }, iter: 20_000);

            Assert.False(agent.IsVerified(Source));
            Assert.Empty(handler.Packets);
        }
    }

    [Fact]
    public async Task Process_ValidCheckWithOneCorruptedByte_NeverAnswered()
    {
        var (endpoint, agent, _, local) = NewSession();
        await using (endpoint)
        using (agent)
        {
            var request = IceTestRequests.Binding(local);
            var response = new byte[IceLiteAgent.MaxResponseSize];
            Gen.Int[0, request.Length - 1].Select(Gen.Byte[1, 255]).Sample((index, xor) =>
            {
                var corrupted = (byte[])request.Clone();
                corrupted[index] ^= xor;
                var length = endpoint.Process(corrupted, new IceTransportAddress(IceProtocol.Udp, Source), response, out _);
                Assert.Equal(0, length);
            }, iter: 5_000);

            Assert.False(agent.IsVerified(Source));
            Assert.True(endpoint.Process(request, new IceTransportAddress(IceProtocol.Udp, Source), response, out _) > 0);
        }
    }

    private static (IceUdpEndpoint Endpoint, IceLiteAgent Agent, RecordingTransportHandler Handler, IceCredentials Local) NewSession()
    {
        var time = new FakeTimeProvider();
        var endpoint = new IceUdpEndpoint(Options.Create(new IceEndpointOptions()), time, NullLogger<IceUdpEndpoint>.Instance);
        var local = IceCredentials.Generate();
        var agent = new IceLiteAgent(local, time);
        agent.TrySetRemoteUfrag(IceTestRequests.RemoteUfrag);
        var handler = new RecordingTransportHandler();
        endpoint.Register(agent, handler);
        return (endpoint, agent, handler, local);
    }
}
