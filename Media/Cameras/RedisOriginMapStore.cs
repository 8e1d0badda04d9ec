using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureStream.Policy.Access;
using SecureStream.Policy.Redis;
using StackExchange.Redis;

namespace SecureStream.Media.Cameras;

/// <summary>
/// OME's OriginMapStore on Redis: <c>GET {KeyPrefix}app/stream</c> at every lookup (no cache), so
/// a <c>SET</c> or <c>DEL</c> takes effect on the next request. The connection (<see cref="RedisConnection"/>) is
/// opened on first use and re-established by StackExchange.Redis in the background. Fail closed: when Redis does
/// not answer within <c>LookupTimeoutMs</c>, or the value is not a valid camera URL list, the camera
/// is unknown (refused at the front door like any unknown camera) and a warning names the key —
/// never the value, which may hold a password.
/// </summary>
internal sealed partial class RedisOriginMapStore : IAsyncDisposable
{
    private const long FailureReportIntervalMs = 10_000;

    private long _lastFailureReport = long.MinValue / 2;
    private int _failuresNotReported;
    private readonly RedisOriginMapOptions _options;
    private readonly ILogger<RedisOriginMapStore> _logger;
    private readonly RedisConnection _redis;

    public RedisOriginMapStore(IOptions<RedisOriginMapOptions> options, ILogger<RedisOriginMapStore> logger)
    {
        _options = options.Value;
        _logger = logger;
        var endpoints = string.Join(",", _options.Endpoints);
        _redis = new RedisConnection(_options, _options.LookupTimeoutMs, "securestream", () =>
            Log.Connected(_logger, endpoints, _options.Tls, _options.KeyPrefix));
    }

    public bool Enabled => _options.Enabled;

    /// <summary>The Redis key for <paramref name="camera"/>.</summary>
    public string KeyOf(CameraPath camera) => _options.KeyPrefix + camera.ToString();

    /// <summary>The camera's registration from Redis, or null when absent, invalid or Redis does not answer.</summary>
    public async ValueTask<CameraRegistration?> FindAsync(CameraPath camera, CameraProperties defaults, CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            return null;
        }

        var key = KeyOf(camera);
        RedisValue value;
        try
        {
            var database = await _redis.DatabaseAsync(cancellationToken);
            value = await database
                .StringGetAsync(key)
                .WaitAsync(TimeSpan.FromMilliseconds(_options.LookupTimeoutMs), cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or SocketException or IOException)
        {
            ReportLookupFailure(key, ex);
            return null;
        }

        if (value.IsNullOrEmpty)
        {
            return null;
        }

        var urls = RedisOriginMapValue.TryParse(value.ToString(), out var substreamUrls, out var problem);
        if (urls is null)
        {
            Log.ValueRefused(_logger, key, problem!);
            return null;
        }

        return new CameraRegistration(camera, urls, defaults, Persistent: false, CameraSource.Redis) { SubstreamUrls = substreamUrls };
    }

    // A Redis outage fails every lookup; one warning per interval (with the count) instead of one
    // per viewer request keeps the log readable and cheap while it lasts.
    private void ReportLookupFailure(string key, Exception exception)
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastFailureReport);
        if (now - last < FailureReportIntervalMs || Interlocked.CompareExchange(ref _lastFailureReport, now, last) != last)
        {
            Interlocked.Increment(ref _failuresNotReported);
            return;
        }

        Log.LookupFailed(_logger, key, exception.GetType().Name, Interlocked.Exchange(ref _failuresNotReported, 0));
    }

    public ValueTask DisposeAsync() => _redis.DisposeAsync();
}
