using SecureStream.Media.Tests.Cameras;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Cluster;

/// <summary>
/// Two real front doors (in-process gateways, built as the functional tests build one) sharing
/// one real redis-server, with the same token key, so a credential works through either.
/// </summary>
internal sealed class ClusterPair : IAsyncDisposable
{
    public const string KeyPrefix = "site:";

    private readonly string _directory;

    private ClusterPair(RedisServer redis, string directory)
    {
        Redis = redis;
        _directory = directory;
    }

    public RedisServer Redis { get; }

    public GatewayUnderTest A { get; private set; } = null!;

    public GatewayUnderTest B { get; private set; } = null!;

    /// <summary>
    /// Starts Redis and both front doors. <paramref name="policy"/> changes both policy files alike;
    /// <paramref name="settings"/> adds to both nodes' settings.
    /// </summary>
    public static async Task<ClusterPair> StartAsync(Action<Dictionary<string, object?>>? policy = null, IDictionary<string, string?>? settings = null, bool webhook = false)
    {
        var redis = await RedisServer.StartAsync();
        var pair = new ClusterPair(redis, Directory.CreateTempSubdirectory("securestream-cluster-").FullName);
        try
        {
            await pair.StartGatewaysAsync(policy, settings, webhook);
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    private async Task StartGatewaysAsync(Action<Dictionary<string, object?>>? policy, IDictionary<string, string?>? settings, bool webhook)
    {
        var pair = this;
        pair.A = await GatewayUnderTest.StartAsync(policy, pair.Settings("node-a", settings), webhook);
        var sharedKey = Path.Combine(pair._directory, "jwt-key");
        File.WriteAllText(sharedKey, System.Text.Encoding.UTF8.GetString(pair.A.JwtSecret.Span));
        pair.B = await GatewayUnderTest.StartAsync(
            sections =>
            {
                policy?.Invoke(sections);
                sections["tokens"] = new
                {
                    audience = GatewayUnderTest.Audience,
                    issuers = new[] { GatewayUnderTest.Issuer },
                    keys = new[] { new { kid = GatewayUnderTest.JwtKeyId, algorithm = "HS256", secret = "file:" + sharedKey } },
                };
            },
            pair.Settings("node-b", settings),
            webhook);
    }

    private Dictionary<string, string?> Settings(string nodeId, IDictionary<string, string?>? extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cluster:NodeId"] = nodeId,
            ["Cluster:Redis:Endpoints:0"] = Redis.Endpoint,
            ["Cluster:Redis:KeyPrefix"] = KeyPrefix,
            // Generous for a loaded 2-core CI machine: a slow answer must not read as an outage.
            ["Cluster:Redis:OperationTimeoutMs"] = "5000",
            // The limits under test are the shared ones, not the per-node request rate.
            ["Gate:RequestsPerSecond"] = "0",
            ["Gate:MaxPendingPerSource"] = "0",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>A WHEP offer to <paramref name="gateway"/> for <paramref name="camera"/> with a Bearer token.</summary>
    public static Task<HttpResponseMessage> OfferAsync(GatewayUnderTest gateway, string camera, string token) =>
        GateProbe.OfferAsync(gateway, $"http://127.0.0.1:{gateway.HttpPort}/{camera}/whep", bearer: token);

    public async ValueTask DisposeAsync()
    {
        if (B is not null)
        {
            await B.DisposeAsync();
        }

        if (A is not null)
        {
            await A.DisposeAsync();
        }

        await Redis.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
