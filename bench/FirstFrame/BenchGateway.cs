using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecureStream.Media.Streams;
using SecureStream.Policy.Access;
using SecureStream.Policy.Secrets;
using SecureStream.Policy.SignedUrls;
using SecureStream.Proxy.Hosting;
using SecureStream.Proxy.Listeners;

namespace SecureStream.FirstFrame;

/// <summary>
/// The real gateway (<see cref="GatewayHost.Build"/>: front door, gate, embedded origin, stream hub,
/// WebRTC), hosted in this process so that a <see cref="System.Diagnostics.Metrics.MeterListener"/>
/// sees its forwarding-delay histogram. Every listener is on 127.0.0.1 with a port the OS picks; its
/// policy, keys, audit journal and camera registry live in a temporary folder that is deleted
/// afterwards. Cameras <c>bench/k{s}</c> map to <c>rtsp://127.0.0.1:{camera port}/k{s}</c>; an unused
/// stream is released after <see cref="UnusedStreamDeletionTimeout"/>.
/// </summary>
internal sealed class BenchGateway : IAsyncDisposable
{
    public const string App = "bench";

    public static readonly TimeSpan UnusedStreamDeletionTimeout = TimeSpan.FromMilliseconds(200);

    private readonly DirectoryInfo _directory;
    private readonly SecretValue _linkSecret;
    private readonly WebApplication _app;

    private BenchGateway(DirectoryInfo directory, SecretValue linkSecret, WebApplication app, int httpPort)
    {
        _directory = directory;
        _linkSecret = linkSecret;
        _app = app;
        HttpPort = httpPort;
    }

    /// <summary>The front door's plain HTTP port (viewers' only way in).</summary>
    public int HttpPort { get; }

    public static async Task<BenchGateway> StartAsync(int cameraPort, string keyframeRequest)
    {
        var directory = Directory.CreateTempSubdirectory("securestream-firstframe-");
        try
        {
            var linkSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
            Write(directory, "link-key", linkSecret);
            Write(directory, "jwt-key", Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
            Write(directory, "management-token", Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
            Write(directory, "audit-checkpoint-key", Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
            Write(directory, "policy.json", Policy(directory));

            var settings = new Dictionary<string, string?>
            {
                ["Listeners:Http:Address"] = "127.0.0.1",
                ["Listeners:Http:Port"] = "0",
                ["Listeners:Https:Address"] = "127.0.0.1",
                ["Listeners:Https:Port"] = "0",
                ["Listeners:Management:Address"] = "127.0.0.1",
                ["Listeners:Management:Port"] = "0",
                ["Listeners:Origin:Address"] = "127.0.0.1",
                ["Listeners:Origin:Port"] = "0",
                ["Listeners:CertificatePath"] = Path.Combine(directory.FullName, "cert.pfx"),
                ["WebRtc:Ice:BindAddress"] = "127.0.0.1",
                ["WebRtc:Ice:AdvertisedAddresses:0"] = "127.0.0.1",
                ["WebRtc:Ice:Port"] = "0",
                ["Cameras:Known:0"] = App + "/*",
                ["OriginMap:Origins:0:Location"] = "/" + App,
                ["OriginMap:Origins:0:Scheme"] = "rtsp",
                ["OriginMap:Origins:0:Urls:0"] = "127.0.0.1:" + cameraPort.ToString(CultureInfo.InvariantCulture),
                ["OriginMap:UnusedStreamDeletionTimeoutMs"] = UnusedStreamDeletionTimeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture),
                ["DemoCameras:Enabled"] = "false",
                ["Rtsp:KeyframeRequest"] = keyframeRequest,
                ["Audit:JournalPath"] = Path.Combine(directory.FullName, "audit.jsonl"),
                ["CameraRegistry:StorePath"] = Path.Combine(directory.FullName, "cameras.json"),
                ["Policy:Path"] = Path.Combine(directory.FullName, "policy.json"),
                ["Policy:CreateMissingDevelopmentSecrets"] = "false",
                ["Management:AccessToken"] = "file:" + Path.Combine(directory.FullName, "management-token"),
                ["Audit:CheckpointKey"] = "file:" + Path.Combine(directory.FullName, "audit-checkpoint-key"),
                ["Logging:LogLevel:Default"] = "Warning",
            };
            var app = GatewayHost.Build([], builder => builder.Configuration.AddInMemoryCollection(settings));
            await app.StartAsync();
            var port = app.Services.GetRequiredService<BoundListeners>().EndpointOf(ListenerKind.Http)?.Port
                ?? throw new InvalidOperationException("the front door did not bind");
            return new BenchGateway(directory, SecretValue.FromText(linkSecret), app, port);
        }
        catch
        {
            directory.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>A signed WHEP link for <paramref name="camera"/> through the front door. A credential: never print it.</summary>
    public Uri WhepLink(string camera)
    {
        var target = new Uri($"http://127.0.0.1:{HttpPort}/{App}/{camera}/whep");
        var claims = new SignedPolicyClaims(DateTimeOffset.UtcNow + TimeSpan.FromHours(1));
        return new Uri(SignedUrlSigner.CreateLink(target, claims, null, _linkSecret, SignedUrlAlgorithm.HmacSha1, SignedUrlParameterNames.Default));
    }

    /// <summary>True while the hub holds a stream (a pull) for the camera.</summary>
    public bool IsPulled(string camera) =>
        _app.Services.GetRequiredService<StreamHub>().GetStatistics(new CameraPath(App, camera)) is not null;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a late writer: the OS cleans temporary folders.
        }
    }

    private static void Write(DirectoryInfo directory, string name, string text) =>
        File.WriteAllText(Path.Combine(directory.FullName, name), text);

    private static string Policy(DirectoryInfo directory)
    {
        static string File(DirectoryInfo d, string name) => "file:" + Path.Combine(d.FullName, name).Replace("\\", "\\\\", StringComparison.Ordinal);
        return $$"""
            {
              "version": 1,
              "signedUrls": { "virtualHosts": [ { "name": "default", "hosts": [ "*" ], "keys": [ { "id": "bench", "secret": "{{File(directory, "link-key")}}" } ] } ] },
              "tokens": { "audience": "securestream-bench", "issuers": [ "securestream-bench" ], "keys": [ { "kid": "bench-hs", "algorithm": "HS256", "secret": "{{File(directory, "jwt-key")}}" } ] },
              "anonymousLinks": { "cameras": [ "{{App}}/*" ], "maxSessions": 50 },
              "links": { "maxUsesPerLinkId": 0 },
              "admission": { "enabled": false }
            }
            """;
    }
}
