using System.Net;
using System.Net.Sockets;
using System.Text;
using SecureStream.Policy.Access;
using SecureStream.Policy.Tokens;

namespace SecureStream.Policy.Tests.Tokens;

/// <summary>
/// A token that names where its key lives (jku, x5u) or carries one (jwk, x5c) is refused and
/// nothing is fetched: a real loopback listener counts every connection made to it.
/// </summary>
public sealed class TokenKeySourceHeaderTests : IAsyncLifetime, IDisposable
{
    private readonly TokenTestKeys _keys = new();
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private int _connections;
    private Task? _acceptLoop;

    private string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public Task InitializeAsync()
    {
        _listener.Start();
        _acceptLoop = AcceptAsync();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        if (_acceptLoop is not null)
        {
            await _acceptLoop;
        }
    }

    public void Dispose()
    {
        _stop.Dispose();
        _keys.Dispose();
    }

    public static TheoryData<string> KeySourceMembers => new() { "jku", "x5u", "jwk", "x5c" };

    [Theory]
    [MemberData(nameof(KeySourceMembers))]
    public async Task ValidateAsync_HeaderNamesKeySource_IsRefusedAndNothingFetched(string member)
    {
        var ring = _keys.Ring();
        var url = BaseUrl + "/keys.json";
        var value = member switch
        {
            "jwk" => $$"""{"kty":"oct","k":"{{TokenTestKeys.Segment("attacker-secret-attacker-secret-!")}}","x5u":"{{url}}"}""",
            "x5c" => $"[\"{Convert.ToBase64String(Encoding.ASCII.GetBytes(url))}\"]",
            _ => $"\"{url}\"",
        };
        var header = $$"""{"alg":"HS256","kid":"hs-2026","{{member}}":{{value}}}""";

        // Signed with the real key, so only the header member can be the reason for refusal.
        var result = await _keys.ValidateAsync(_keys.HsToken(_keys.Claims(), header), ring);

        Assert.Equal(AccessReason.TokenInvalid, result.Reason);
        Assert.Equal(0, Volatile.Read(ref _connections));
    }

    [Fact]
    public async Task Listener_CountsARealRequest()
    {
        // Proves the counter above can fail: an actual fetch is seen.
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await client.GetAsync(new Uri(BaseUrl + "/keys.json"));
        }
        catch (HttpRequestException)
        {
            // The listener closes without answering; only the connection matters here.
        }
        catch (TaskCanceledException)
        {
        }

        // HttpClient may retry on a fresh connection; one or more, never zero.
        Assert.True(Volatile.Read(ref _connections) >= 1);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var socket = await _listener.AcceptSocketAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }
}
