using System.Text;
using SecureStream.Policy.Secrets;
using StackExchange.Redis;

namespace SecureStream.Policy.Redis;

/// <summary>
/// One lazily opened connection to the Redis a <see cref="RedisConnectionOptions"/> names: opened
/// on first use (so a gateway starts while Redis is still down), then kept and re-established by
/// StackExchange.Redis in the background. Callers bound each command themselves
/// (<c>WaitAsync(timeout)</c>); the client's own timeouts are set to the same value so a command
/// does not linger in its queue after the caller gave up.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable
{
    private readonly RedisConnectionOptions _options;
    private readonly int _operationTimeoutMs;
    private readonly string _clientName;
    private readonly Action? _connected;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private ConnectionMultiplexer? _connection;

    /// <param name="options">Where Redis is and how to log in.</param>
    /// <param name="operationTimeoutMs">The longest one command may take.</param>
    /// <param name="clientName">The name Redis shows in <c>CLIENT LIST</c>.</param>
    /// <param name="connected">Called once, when the connection is first opened (for the owner's log line).</param>
    public RedisConnection(RedisConnectionOptions options, int operationTimeoutMs, string clientName, Action? connected = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _operationTimeoutMs = operationTimeoutMs;
        _clientName = clientName;
        _connected = connected;
    }

    /// <summary>
    /// Whether the connection is open and the client sees the server connected now; null before
    /// first use. The client watches the link with its own heartbeat, so reading this sends nothing.
    /// </summary>
    public bool? IsConnected => Volatile.Read(ref _connection)?.IsConnected;

    /// <summary>The configured database on the shared connection, opening it on first use.</summary>
    public async ValueTask<IDatabase> DatabaseAsync(CancellationToken cancellationToken)
    {
        var connection = Volatile.Read(ref _connection) ?? await ConnectAsync(cancellationToken);
        return connection.GetDatabase(_options.Database);
    }

    /// <summary>
    /// The publish/subscribe side of the same connection (docs/cluster.md, "Sessions across
    /// nodes"), opening it on first use. StackExchange.Redis re-subscribes by itself after a reconnect.
    /// </summary>
    public async ValueTask<ISubscriber> SubscriberAsync(CancellationToken cancellationToken)
    {
        var connection = Volatile.Read(ref _connection) ?? await ConnectAsync(cancellationToken);
        return connection.GetSubscriber();
    }

    private async ValueTask<ConnectionMultiplexer> ConnectAsync(CancellationToken cancellationToken)
    {
        await _connectLock.WaitAsync(cancellationToken);
        try
        {
            if (_connection is null)
            {
                // AbortOnConnectFail=false: a Redis that is down now yields a connection that keeps
                // retrying, not an exception, so the next request after Redis returns just works.
                var connection = await ConnectionMultiplexer.ConnectAsync(CreateConfiguration());
                Volatile.Write(ref _connection, connection);
                _connected?.Invoke();
            }

            return _connection;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    /// <summary>The client configuration: endpoints, credentials, TLS, timeouts, never aborting on a failed connect.</summary>
    public ConfigurationOptions CreateConfiguration()
    {
        var configuration = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            ConnectTimeout = _options.ConnectTimeoutMs,
            AsyncTimeout = _operationTimeoutMs,
            SyncTimeout = _operationTimeoutMs,
            ConnectRetry = 1,
            Ssl = _options.Tls,
            SslHost = _options.TlsHost,
            User = _options.User,
            ClientName = _clientName,
            DefaultDatabase = _options.Database,
        };
        foreach (var endpoint in _options.Endpoints)
        {
            configuration.EndPoints.Add(endpoint);
        }

        if (_options.Password is not null && SecretReference.TryResolve(_options.Password, out var password, out _))
        {
            configuration.Password = Encoding.UTF8.GetString(password!.Span);
        }

        return configuration;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _connectLock.Dispose();
    }
}
