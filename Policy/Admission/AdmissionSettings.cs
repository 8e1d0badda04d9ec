namespace SecureStream.Policy.Admission;

/// <summary>
/// The <c>admission</c> section of policy.json: where and how the OME-compatible admission
/// webhook is called (docs/webhooks.md). Deserialized by System.Text.Json; every default is
/// the safe one (webhook off, short timeouts, small response cap). Validated whole by
/// <see cref="AdmissionEndpoint.TryCreate"/>.
/// </summary>
public sealed class AdmissionSettings
{
    /// <summary>Whether the webhook is called at all. Off by default.</summary>
    public bool Enabled { get; init; }

    /// <summary>Absolute http/https URL of the receiver (OME's <c>ControlServerUrl</c>).</summary>
    public Uri? Url { get; init; }

    /// <summary>Reference to the HMAC secret: <c>env:NAME</c> or <c>file:/path</c>, never the secret itself.</summary>
    public string? Secret { get; init; }

    /// <summary>Total time for an opening call, connect included (OME default 3000 ms).</summary>
    public int TimeoutMs { get; set; } = 3000;

    /// <summary>Time allowed to open the TCP (and TLS) connection.</summary>
    public int ConnectTimeoutMs { get; set; } = 1000;

    /// <summary>Total time for a closing call (OME: 500 ms).</summary>
    public int ClosingTimeoutMs { get; set; } = 500;

    /// <summary>Largest response body read; anything longer is refused unread.</summary>
    public int MaxResponseBytes { get; set; } = 65536;

    /// <summary>Also send <c>X-SecureStream-Signature: t=…,v1=…</c> so receivers can refuse replays.</summary>
    public bool TimestampedSignature { get; set; } = true;

    /// <summary>When to stop calling a receiver that keeps failing.</summary>
    public AdmissionCircuitBreakerSettings CircuitBreaker { get; set; } = new();
}
