using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using SecureStream.Policy.Access;

namespace SecureStream.Policy.Admission;

/// <summary>
/// Calls the OME-compatible admission webhook (docs/webhooks.md): signs and posts the
/// <c>opening</c> body and turns the answer into an <see cref="AdmissionDecision"/>, or posts a
/// <c>closing</c> notification and ignores the answer.
/// </summary>
/// <remarks>
/// Security invariants: the URL comes from configuration only and redirects are never followed
/// (the handler from <see cref="CreateHandler(AdmissionEndpoint)"/> has them off, and a 3xx is a
/// fail-closed <see cref="AdmissionOutcome.Redirect"/>); every call has a total timeout; at most
/// <see cref="AdmissionEndpoint.MaxResponseBytes"/> of a body are read; anything but an explicit
/// <c>"allowed": true</c> is a deny. Neither the secret, the signature headers, the request or
/// response bodies nor the receiver URL's path and query are logged. A call is sent at most
/// twice, the second time only on a fresh connection, within the same total timeout, and only
/// when the first failed on a reused connection before any byte of an answer: the way a
/// connection the receiver closed while idle fails, before the receiver read anything
/// (docs/webhooks.md, "Connections"). The circuit breaker sees the call's outcome, not attempts.
/// </remarks>
internal sealed partial class AdmissionClient
{
    /// <summary>
    /// How long a connection may sit idle in the pool. Below the idle timeouts receivers commonly
    /// use (Node 5 s, Apache 5 s, gunicorn 2 s), so the client drops an idle connection before
    /// the receiver is likely to; the pool checks every second, so a connection is idle 1–2 s at most.
    /// </summary>
    public static readonly TimeSpan IdleConnectionLifetime = TimeSpan.FromSeconds(1);

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");

    // The one retry's client (docs/webhooks.md, "Connections"): a zero idle lifetime makes the
    // handler keep no connection at all, so each retry opens a new one, and its requests say
    // Connection: close. Its connect time is bounded by the call's own timeout, which the retry shares.
    private static readonly HttpClient FreshConnections = new(CreateFreshConnectionHandler());

    private readonly HttpClient _httpClient;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<AdmissionClient> _logger;
    private readonly AdmissionMetrics? _metrics;
    private readonly ConditionalWeakTable<AdmissionEndpoint, AdmissionCircuitBreaker> _breakers = [];

    /// <summary>
    /// Creates the client. <paramref name="httpClient"/> must sit on a handler made by
    /// <see cref="CreateHandler(AdmissionEndpoint)"/> (or configured the same way). Openings are
    /// counted and timed on <paramref name="metrics"/> when given.
    /// </summary>
    public AdmissionClient(HttpClient httpClient, TimeProvider timeProvider, ILogger<AdmissionClient> logger, AdmissionMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _httpClient = httpClient;
        _timeProvider = timeProvider;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>The primary handler for the webhook's HttpClient, with the endpoint's connect timeout.</summary>
    public static SocketsHttpHandler CreateHandler(AdmissionEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return CreateHandler(endpoint.ConnectTimeout);
    }

    /// <summary>
    /// The primary handler for the webhook's HttpClient: no redirects (the receiver must not
    /// steer us to another host), no cookies (no state between decisions), no proxy from the
    /// environment (an <c>HTTP_PROXY</c> variable must not reroute signed decisions), no
    /// decompression (a small compressed body cannot expand past the response cap), bounded
    /// headers, and a connect timeout. Connections (docs/webhooks.md, "Connections") stay idle in
    /// the pool for at most <see cref="IdleConnectionLifetime"/>, and each one is watched by an
    /// <see cref="AdmissionConnectionStream"/>, which retires it when the receiver answers
    /// HTTP/1.0 without keep-alive and tells the client whether a failed call may be retried.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(TimeSpan connectTimeout) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = connectTimeout,
        MaxResponseHeadersLength = 16,
        MaxResponseDrainSize = 0,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        PooledConnectionIdleTimeout = IdleConnectionLifetime,
        PlaintextStreamFilter = (context, _) => ValueTask.FromResult<Stream>(new AdmissionConnectionStream(context.PlaintextStream)),
    };

    private static SocketsHttpHandler CreateFreshConnectionHandler()
    {
        var handler = CreateHandler(Timeout.InfiniteTimeSpan);
        handler.PooledConnectionIdleTimeout = TimeSpan.Zero;
        return handler;
    }

    /// <summary>The circuit state for an endpoint (for health reporting and tests).</summary>
    public AdmissionCircuitState GetCircuitState(AdmissionEndpoint endpoint) => BreakerFor(endpoint).State;

    /// <summary>
    /// Asks the receiver whether this viewer may open the session. Never throws on anything the
    /// receiver does; throws <see cref="OperationCanceledException"/> only when
    /// <paramref name="cancellationToken"/> (the viewer's request) is cancelled.
    /// </summary>
    /// <returns>
    /// <see cref="AccessReason.Allowed"/> for an explicit <c>"allowed": true</c>,
    /// <see cref="AccessReason.WebhookDenied"/> for <c>"allowed": false</c>, otherwise
    /// <see cref="AccessReason.WebhookUnavailable"/> with the <see cref="AdmissionOutcome"/> code.
    /// </returns>
    public async Task<AdmissionDecision> OpenAsync(AdmissionEndpoint endpoint, AdmissionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(request);
        var breaker = BreakerFor(endpoint);
        if (!breaker.TryAcquire(out var trial))
        {
            Log.CircuitRejected(_logger, endpoint.LogName);
            _metrics?.Called(AdmissionOutcome.CircuitOpen, TimeSpan.Zero);
            return AdmissionDecision.Unavailable(AdmissionOutcome.CircuitOpen, TimeSpan.Zero, null);
        }

        AdmissionDecision decision;
        try
        {
            decision = await ExchangeAsync(endpoint, AdmissionBody.Opening(request), endpoint.Timeout, readBody: true, cancellationToken, request.TraceParent);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            breaker.RecordAbandoned(trial);
            throw;
        }

        _metrics?.Called(decision.Outcome, decision.Latency);
        var latencyMs = decision.Latency.TotalMilliseconds;
        switch (decision.Reason)
        {
            case AccessReason.Allowed:
                Log.Allowed(_logger, endpoint.LogName, latencyMs, decision.LifetimeMs);
                break;
            case AccessReason.WebhookDenied:
                Log.Denied(_logger, endpoint.LogName, latencyMs, decision.PeerReason);
                break;
            default:
                Log.Unavailable(_logger, endpoint.LogName, decision.Outcome, decision.HttpStatus, latencyMs);
                break;
        }

        if (decision.Reason == AccessReason.WebhookUnavailable)
        {
            if (breaker.RecordFailure(trial))
            {
                Log.CircuitOpened(_logger, endpoint.LogName, endpoint.FailureThreshold, endpoint.BreakDuration.TotalSeconds);
            }
        }
        else if (breaker.RecordSuccess())
        {
            Log.CircuitClosed(_logger, endpoint.LogName);
        }

        return decision;
    }

    /// <summary>
    /// Sends a <c>closing</c> notification with the endpoint's short closing timeout. The answer
    /// is ignored and the circuit breaker is bypassed (every admitted session is owed its
    /// closing). Never throws, also not on cancellation.
    /// </summary>
    /// <returns>True when the receiver answered with a 2xx status.</returns>
    public async Task<bool> CloseAsync(AdmissionEndpoint endpoint, ClosingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var result = await ExchangeAsync(endpoint, AdmissionBody.Closing(request), endpoint.ClosingTimeout, readBody: false, cancellationToken);
            var delivered = result.HttpStatus is >= 200 and < 300;
            if (delivered)
            {
                Log.ClosingDelivered(_logger, endpoint.LogName, result.Latency.TotalMilliseconds);
            }
            else
            {
                Log.ClosingFailed(_logger, endpoint.LogName, result.Outcome, result.HttpStatus);
            }

            return delivered;
        }
        catch (OperationCanceledException)
        {
            Log.ClosingFailed(_logger, endpoint.LogName, "cancelled", null);
            return false;
        }
    }

    private AdmissionCircuitBreaker BreakerFor(AdmissionEndpoint endpoint) =>
        _breakers.GetValue(endpoint, e => new AdmissionCircuitBreaker(e.FailureThreshold, e.BreakDuration, _timeProvider));

    /// <summary>
    /// One call: a POST, and at most one more on a fresh connection when the first failed on a
    /// reused connection before any byte of an answer (<see cref="AdmissionExchange.MayRetry"/>);
    /// both share <paramref name="timeout"/>. For closings (<paramref name="readBody"/> false) a
    /// 2xx comes back as an <see cref="AdmissionOutcome.Allowed"/> decision without reading the
    /// body. Throws only <see cref="OperationCanceledException"/> for the caller's token.
    /// </summary>
    private async Task<AdmissionDecision> ExchangeAsync(
        AdmissionEndpoint endpoint, byte[] body, TimeSpan timeout, bool readBody, CancellationToken cancellationToken, string? traceParent = null)
    {
        var started = _timeProvider.GetTimestamp();
        using var timeoutSource = new CancellationTokenSource(timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        var first = new AdmissionExchange();
        try
        {
            return await AttemptAsync(_httpClient, first, endpoint, body, readBody, started, traceParent, linked.Token);
        }
        catch (Exception ex) when (IsFailure(ex, cancellationToken))
        {
            if (!first.MayRetry(ex) || linked.IsCancellationRequested)
            {
                return Failed(ex, started, first.Status);
            }

            Log.RetriedOnFreshConnection(_logger, endpoint.LogName, ((HttpRequestException)ex).HttpRequestError);
        }

        var retry = new AdmissionExchange();
        try
        {
            return await AttemptAsync(FreshConnections, retry, endpoint, body, readBody, started, traceParent, linked.Token);
        }
        catch (Exception ex) when (IsFailure(ex, cancellationToken))
        {
            return Failed(ex, started, retry.Status);
        }
    }

    private async Task<AdmissionDecision> AttemptAsync(
        HttpClient client, AdmissionExchange exchange, AdmissionEndpoint endpoint, byte[] body, bool readBody, long started, string? traceParent, CancellationToken cancellationToken)
    {
        exchange.Enter();
        using var message = BuildMessage(endpoint, body, traceParent);
        if (ReferenceEquals(client, FreshConnections))
        {
            message.Headers.ConnectionClose = true;
        }

        using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.Version < HttpVersion.Version11 && !response.Headers.Connection.Contains("keep-alive", StringComparer.OrdinalIgnoreCase))
        {
            // HTTP/1.0 without keep-alive: the receiver closes the connection after this answer,
            // whether or not it says so. Never hand it to another call.
            exchange.Connection?.ReceiverCloses();
        }

        exchange.Status = (int)response.StatusCode;
        return await DecideAsync(response, endpoint, readBody, started, exchange.Status.Value, cancellationToken);
    }

    private async Task<AdmissionDecision> DecideAsync(
        HttpResponseMessage response, AdmissionEndpoint endpoint, bool readBody, long started, int status, CancellationToken cancellationToken)
    {
        if (status is >= 300 and < 400)
        {
            return AdmissionDecision.Unavailable(AdmissionOutcome.Redirect, Elapsed(started), status);
        }

        if (!readBody)
        {
            var outcome = status is >= 200 and < 300 ? AdmissionOutcome.Allowed : AdmissionOutcome.HttpStatus;
            return new AdmissionDecision(AccessReason.Allowed, outcome, null, null, null, Elapsed(started), status);
        }

        if (status != 200)
        {
            return AdmissionDecision.Unavailable(AdmissionOutcome.HttpStatus, Elapsed(started), status);
        }

        return await ReadDecisionAsync(response.Content, endpoint.MaxResponseBytes, started, status, cancellationToken);
    }

    /// <summary>What ends an attempt as unavailable: anything but the caller's own cancellation.</summary>
    private static bool IsFailure(Exception exception, CancellationToken callerToken) => exception switch
    {
        // Our total timeout, or the handler's connect timeout.
        OperationCanceledException => !callerToken.IsCancellationRequested,
        // Refused, reset, ended early, TLS; or the connection broke while the body was read.
        HttpRequestException or IOException => true,
        _ => false,
    };

    private AdmissionDecision Failed(Exception exception, long started, int? status)
    {
        var outcome = exception is OperationCanceledException or HttpRequestException { InnerException: TimeoutException }
            ? AdmissionOutcome.Timeout
            : AdmissionOutcome.ConnectionError;
        return AdmissionDecision.Unavailable(outcome, Elapsed(started), status);
    }

    private async Task<AdmissionDecision> ReadDecisionAsync(
        HttpContent content, int maxBytes, long started, int status, CancellationToken cancellationToken)
    {
        // Refuse a declared oversize before reading a byte; an undeclared one (chunked, or a lying
        // length) is caught by the bounded buffer below, which never holds more than max + 1 bytes.
        if (content.Headers.ContentLength > maxBytes)
        {
            return AdmissionDecision.Unavailable(AdmissionOutcome.OversizedResponse, Elapsed(started), status);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes + 1);
        try
        {
            await using var stream = await content.ReadAsStreamAsync(cancellationToken);
            var total = 0;
            while (total <= maxBytes)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(total, maxBytes + 1 - total), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            if (total > maxBytes)
            {
                return AdmissionDecision.Unavailable(AdmissionOutcome.OversizedResponse, Elapsed(started), status);
            }

            return AdmissionResponseParser.Parse(buffer.AsMemory(0, total), Elapsed(started), status);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private HttpRequestMessage BuildMessage(AdmissionEndpoint endpoint, byte[] body, string? traceParent)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = JsonContentType;
        var message = new HttpRequestMessage(HttpMethod.Post, endpoint.Url)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            Content = content,
        };
        message.Headers.Accept.ParseAdd("application/json");
        message.Headers.TryAddWithoutValidation(AdmissionSignature.OmeHeader, AdmissionSignature.Ome(endpoint.Secret, body));
        if (endpoint.TimestampedSignature)
        {
            message.Headers.TryAddWithoutValidation(
                AdmissionSignature.TimestampedHeader,
                AdmissionSignature.Timestamped(endpoint.Secret, body, _timeProvider.GetUtcNow()));
        }

        if (traceParent is not null)
        {
            // Set before sending: .NET's HTTP client adds its own traceparent only when the
            // request has none, so the receiver gets exactly this one.
            message.Headers.TryAddWithoutValidation("traceparent", traceParent);
        }

        return message;
    }

    private TimeSpan Elapsed(long started) => _timeProvider.GetElapsedTime(started);
}
