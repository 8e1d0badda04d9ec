using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SecureStream.Benchmarks;

/// <summary>
/// <c>origin-hop [--seconds S] [--connections C]</c>: the CPU one front-door-to-origin request
/// costs, over loopback TCP and over a Unix domain socket, in one process as in a single-node
/// gateway (which pays both ends of the hop). Kestrel answers a small POST with 400, as the origin
/// answers S5's junk offer; the client is a SocketsHttpHandler set up as YARP's. The two transports
/// run in alternating one-second blocks, so a busy machine's contention falls on both alike; the
/// figure is process CPU per request (median of the blocks), not wall-clock time.
/// </summary>
internal static class OriginHop
{
    private static long s_socketConnects;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = Option(args, "--seconds", 20);
        var connections = Option(args, "--connections", 16);
        var directory = Directory.CreateTempSubdirectory("securestream-hop-").FullName;
        var socketPath = Path.Combine(directory, "origin.sock");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.ListenUnixSocket(socketPath);
        });
        await using var app = builder.Build();
        var body = "{\"reason\":\"offer_invalid\"}"u8.ToArray();
        app.Run(async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body);
        });
        await app.StartAsync();
        var port = new Uri(app.Urls.First(u => u.StartsWith("http://127.0.0.1", StringComparison.Ordinal))).Port;
        using var tcp = Client(null);
        using var unix = Client(socketPath);
        var transports = new (string Name, HttpMessageInvoker Client, Uri Url)[]
        {
            ("tcp", tcp, new Uri($"http://127.0.0.1:{port}/demo/cam/whep")),
            ("unix", unix, new Uri("http://embedded-origin.invalid/demo/cam/whep")),
        };
        foreach (var (_, client, url) in transports)
        {
            await BlockAsync(client, url, connections, TimeSpan.FromSeconds(3));
        }

        var perRequest = transports.ToDictionary(t => t.Name, _ => new List<double>());
        for (var block = 0; block < seconds; block++)
        {
            foreach (var (name, client, url) in transports)
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var requests = await BlockAsync(client, url, connections, TimeSpan.FromSeconds(1));
                var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                perRequest[name].Add(used.TotalMicroseconds / Math.Max(requests, 1));
            }
        }

        await app.StopAsync();
        Directory.Delete(directory, recursive: true);
        foreach (var (name, samples) in perRequest)
        {
            samples.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {samples[samples.Count / 2]:F1} us CPU per request (median of {samples.Count} one-second blocks; quartiles {samples[samples.Count / 4]:F1}-{samples[samples.Count * 3 / 4]:F1}), {connections} connections"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"connections made to the socket: {s_socketConnects}"));
        return 0;
    }

    private static async Task<long> BlockAsync(HttpMessageInvoker client, Uri url, int connections, TimeSpan length)
    {
        using var stop = new CancellationTokenSource(length);
        long requests = 0;
        var workers = Enumerable.Range(0, connections).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent("v=0\r\n"u8.ToArray()) };
                using var response = await client.SendAsync(request, CancellationToken.None);
                await response.Content.CopyToAsync(Stream.Null);
                Interlocked.Increment(ref requests);
            }
        });
        await Task.WhenAll(workers);
        return requests;
    }

    // YARP's handler settings (ForwarderHttpClientFactory), with the socket's ConnectCallback when given.
    private static HttpMessageInvoker Client(string? socketPath)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(15),
        };
        if (socketPath is not null)
        {
            var endpoint = new UnixDomainSocketEndPoint(socketPath);
            handler.ConnectCallback = async (_, cancellationToken) =>
            {
                Interlocked.Increment(ref s_socketConnects);
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(endpoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            };
        }

        return new HttpMessageInvoker(handler);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
