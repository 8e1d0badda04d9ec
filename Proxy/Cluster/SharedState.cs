using System.Net.Sockets;
using Microsoft.Extensions.Options;
using SecureStream.Policy.Redis;
using StackExchange.Redis;

namespace SecureStream.Proxy.Cluster;

/// <summary>
/// The cluster's shared state in Redis (docs/cluster.md, "Shared state in Redis"): one connection,
/// the key prefix, and the one place that bounds every command and turns "Redis did not answer"
/// into <see cref="SharedStateUnavailableException"/>, which the gate answers 503
/// <c>shared_state_unavailable</c>. An outage is logged once when it starts and once when it ends,
/// not once per refused request.
/// </summary>
internal sealed partial class SharedState : IAsyncDisposable
{
    private readonly RedisConnection _redis;
    private readonly TimeSpan _operationTimeout;
    private readonly TimeSpan _connectTimeout;
    private readonly ILogger<SharedState> _logger;
    private readonly ClusterMetrics? _metrics;
    private int _failing;

    /// <param name="metrics">Counts the commands that failed (docs/metrics.md); null records nothing.</param>
    public SharedState(IOptions<ClusterOptions> options, ClusterNodeIdentity node, ILogger<SharedState> logger, ClusterMetrics? metrics = null)
    {
        _metrics = metrics;
        var redis = options.Value.Redis;
        NodeId = node.NodeId;
        KeyPrefix = redis.KeyPrefix;
        _operationTimeout = TimeSpan.FromMilliseconds(redis.OperationTimeoutMs);
        _connectTimeout = TimeSpan.FromMilliseconds(redis.ConnectTimeoutMs + redis.OperationTimeoutMs);
        _logger = logger;
        var endpoints = string.Join(",", redis.Endpoints);
        _redis = new RedisConnection(redis, redis.OperationTimeoutMs, "securestream-" + NodeId, () =>
            Log.Connected(_logger, endpoints, redis.Tls, KeyPrefix, NodeId));
    }

    /// <summary>This node's id (<c>Cluster:NodeId</c>), part of every lease it holds.</summary>
    public string NodeId { get; }

    /// <summary><c>Cluster:Redis:KeyPrefix</c>, prepended to every key.</summary>
    public string KeyPrefix { get; }

    /// <summary>
    /// Whether Redis is reachable now, for readiness (docs/operations.md): the connection is open
    /// and the client sees the server (its heartbeat watches the link, so asking sends nothing).
    /// False before the first command opened the connection: until Redis has answered once, the
    /// admissions that need it would be refused.
    /// </summary>
    public bool IsReachable => _redis.IsConnected == true;

    /// <summary>The full key of <paramref name="name"/>.</summary>
    public RedisKey Key(string name) => KeyPrefix + name;

    /// <summary>Runs one Lua script (EVALSHA once the server knows it), bounded like every command.</summary>
    public Task<RedisResult> EvaluateAsync(string script, RedisKey[] keys, RedisValue[] arguments, string what, CancellationToken cancellationToken) =>
        RunAsync(database => database.ScriptEvaluateAsync(script, keys, arguments), what, cancellationToken);

    /// <summary>
    /// Runs <paramref name="command"/> within <c>Cluster:Redis:OperationTimeoutMs</c> (the first
    /// call also waits for the connection, within <c>ConnectTimeoutMs</c>).
    /// </summary>
    /// <exception cref="SharedStateUnavailableException">Redis could not be reached, failed or was too slow.</exception>
    public async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> command, string what, CancellationToken cancellationToken)
    {
        try
        {
            var database = await _redis.DatabaseAsync(cancellationToken).AsTask().WaitAsync(_connectTimeout, cancellationToken);
            var result = await command(database).WaitAsync(_operationTimeout, cancellationToken);
            if (Volatile.Read(ref _failing) == 1 && Interlocked.Exchange(ref _failing, 0) == 1)
            {
                Log.Recovered(_logger);
            }

            return result;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or SocketException or IOException or ObjectDisposedException)
        {
            _metrics?.SharedStateFailed();
            if (Interlocked.Exchange(ref _failing, 1) == 0)
            {
                Log.Unavailable(_logger, what, ex.GetType().Name);
            }

            throw new SharedStateUnavailableException($"shared state did not answer ({what})", ex);
        }
    }

    /// <summary>The channel <paramref name="name"/> under the key prefix (docs/cluster.md, "Sessions across nodes").</summary>
    public RedisChannel Channel(string name) => RedisChannel.Literal(KeyPrefix + name);

    /// <summary>Publishes one message, bounded like every command; returns how many subscribers got it.</summary>
    /// <exception cref="SharedStateUnavailableException">Redis could not be reached, failed or was too slow.</exception>
    public Task<long> PublishAsync(RedisChannel channel, string message, CancellationToken cancellationToken) =>
        RunAsync(async _ => await (await _redis.SubscriberAsync(cancellationToken)).PublishAsync(channel, message), "publish", cancellationToken);

    /// <summary>
    /// Subscribes <paramref name="handler"/> to <paramref name="channel"/> on the shared connection.
    /// Messages arrive in order, one at a time; the client re-subscribes after a reconnect by itself.
    /// </summary>
    /// <exception cref="SharedStateUnavailableException">Redis could not be reached, failed or was too slow.</exception>
    public Task SubscribeAsync(RedisChannel channel, Action<string> handler, CancellationToken cancellationToken) =>
        RunAsync(
            async _ =>
            {
                var queue = await (await _redis.SubscriberAsync(cancellationToken)).SubscribeAsync(channel);
                queue.OnMessage(message => handler(message.Message.ToString()));
                return true;
            },
            "subscribe",
            cancellationToken);

    public ValueTask DisposeAsync() => _redis.DisposeAsync();
}
