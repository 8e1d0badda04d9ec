using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SecureStream.Policy.Entitlements;
using SecureStream.Proxy.Tests.Browser.Infrastructure;
using SecureStream.Proxy.Tests.Functional.Infrastructure;
using SecureStream.ViewerClient;

namespace SecureStream.Proxy.Tests.Functional;

/// <summary>
/// The anonymous session pool under the attack issue 9 describes: clients that open many WHEP
/// offers and then send their bodies slowly (never), each holding a session slot, on one link and
/// on many links from one address. The per-link and per-source shares
/// (docs/policy-file-sections.md, <c>anonymousLinks</c>) keep each at 4 of the pool's 10, and a
/// viewer from another address with its own link for another camera is admitted and plays.
/// </summary>
public sealed class AnonymousSessionFairnessTests
{
    private const int SlowOfferCount = 1000;

    [Fact]
    public async Task SlowOffers_OneLinkAndManyLinksFromOneSource_HoldOnlyTheirShares_AnotherViewerPlays()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        // The gate's request rate limit and pending-admission share are off, the listener lets one
        // address hold every connection and takes bodies as slow as 1 byte/s (its default 4 KB/s cuts
        // these offers off 5 s in, however long the rest of the test takes), so the session shares
        // alone stand between the attack and the pool (each of those bounds is shown on its own:
        // ConnectionBoundsTests, RefusalFloodTests).
        await using var gateway = await DemoCameraGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Gate:RequestsPerSecond"] = "0",
            ["Listeners:Http:MaxConnectionsPerAddress"] = "4096",
            ["Gate:MaxPendingPerSource"] = "0",
            ["Listeners:Limits:MinRequestBodyDataRate"] = "1",
        });
        var limiter = gateway.Services.GetRequiredService<SessionLimiter>();
        var oneLink = new Uri(gateway.SignedLink("demo/lobby", suffix: "/whep"));
        await using var first = new SlowOffers(gateway, "127.0.0.2");
        await using var second = new SlowOffers(gateway, "127.0.0.3");

        // Attack 1: 127.0.0.2 opens 1000 slow offers on one anonymous link.
        await first.OpenAsync(SlowOfferCount, _ => oneLink, timeout.Token);
        // Attack 2: 127.0.0.3 opens 1000 slow offers, each on its own anonymous link.
        var links = Enumerable.Range(0, SlowOfferCount).Select(i => new Uri(gateway.SignedLink("demo/lobby-" + i, suffix: "/whep"))).ToList();
        await second.OpenAsync(SlowOfferCount, i => links[i], timeout.Token);
        // Every offer is either answered or holds a slot, and the slots stay held (the attackers keep sending their bodies).
        Assert.True(await GatewayUnderTest.EventuallyAsync(
            () => first.Answered + limiter.ActiveCount(EntitlementTable.AnonymousKey, first.Source) == SlowOfferCount &&
                  second.Answered + limiter.ActiveCount(EntitlementTable.AnonymousKey, second.Source) == SlowOfferCount,
            timeoutMs: 60_000));

        Assert.Equal((SlowOfferCount - 4, 0), (first.Refused, first.Answered - first.Refused));
        Assert.Equal((SlowOfferCount - 4, 0), (second.Refused, second.Answered - second.Refused));
        Assert.Equal(4, limiter.ActiveCount(EntitlementTable.AnonymousKey, first.Source));
        Assert.Equal(4, limiter.ActiveCount(EntitlementTable.AnonymousKey, second.Source));
        var refusals = gateway.Decisions().Where(r => r.GetProperty("reason").GetString() == "session_limit").ToList();
        Assert.Equal(2 * (SlowOfferCount - 4), refusals.Count);
        Assert.Equal(SlowOfferCount - 4, refusals.Count(r => r.GetProperty("detail").GetString() == "per-link share full"));
        Assert.Equal(SlowOfferCount - 4, refusals.Count(r => r.GetProperty("detail").GetString() == "per-source share full"));

        // A viewer on 127.0.0.1 with its own link for another camera, while the attackers hold their slots.
        using var http = new HttpClient();
        var viewer = new WebRtcViewer(new WhepSignalling(http, new Uri(gateway.SignedLink("demo/gate", suffix: "/whep"))), new WebRtcViewerOptions { Audio = false });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var run = viewer.RunAsync(stop.Token);
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => viewer.SawKeyframe && viewer.Packets > 100, timeoutMs: 60_000), "the viewer did not play");
        await stop.CancelAsync();
        var result = await run;
        Assert.True(result.Played, $"did not play: {result.Failure}");
        Assert.Equal(4, limiter.ActiveCount(EntitlementTable.AnonymousKey, first.Source));
    }

    /// <summary>
    /// Offers from one source address that announce a 64,000-byte body and send it slowly: the
    /// first bytes at once, then 64 bytes every 100 ms from the start (well above Kestrel's minimum
    /// body data rate, so the server does not cut them off; the whole body would take 100 s). A
    /// refused offer is answered at once and counted; an admitted one holds its session slot while
    /// its body trickles.
    /// </summary>
    private sealed class SlowOffers(GatewayUnderTest gateway, string source) : IAsyncDisposable
    {
        private static readonly byte[] Chunk = Encoding.ASCII.GetBytes(new string('a', 62) + "\r\n");

        private readonly List<Socket> _all = [];
        private readonly List<Task> _trickles = [];
        private readonly CancellationTokenSource _stop = new();
        private int _refused;
        private int _answered;

        public IPAddress Source { get; } = IPAddress.Parse(source);

        public int Refused => Volatile.Read(ref _refused);

        public int Answered => Volatile.Read(ref _answered);

        public async Task OpenAsync(int count, Func<int, Uri> link, CancellationToken cancellationToken)
        {
            await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (i, token) =>
            {
                var socket = await LoopbackClients.ConnectFromAsync(source, gateway.HttpPort, token);
                var head = $"POST {link(i).PathAndQuery} HTTP/1.1\r\nHost: 127.0.0.1:{gateway.HttpPort}\r\nContent-Type: application/sdp\r\nContent-Length: 64000\r\n\r\nv=0\n";
                await socket.SendAsync(Encoding.ASCII.GetBytes(head), token);
                var answered = ReadAnswerAsync(socket);
                lock (_all)
                {
                    _all.Add(socket);
                    _trickles.Add(TrickleAsync(socket, answered));
                }
            });
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            Task[] trickles;
            lock (_all)
            {
                trickles = [.. _trickles];
            }

            await Task.WhenAll(trickles);
            lock (_all)
            {
                _all.ForEach(socket => socket.Dispose());
            }

            _stop.Dispose();
        }

        private async Task ReadAnswerAsync(Socket socket)
        {
            var buffer = new byte[12];
            try
            {
                var read = await socket.ReceiveAsync(buffer, _stop.Token);
                if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("HTTP/1.1 429", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref _refused);
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _answered);
        }

        // Until the offer is answered (refused) or the test ends.
        private async Task TrickleAsync(Socket socket, Task answered)
        {
            try
            {
                while (!answered.IsCompleted)
                {
                    await Task.Delay(100, _stop.Token);
                    await socket.SendAsync(Chunk, _stop.Token);
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException)
            {
                // The test is over, or the server closed the connection after answering.
            }
        }
    }
}
