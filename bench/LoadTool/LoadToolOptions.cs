namespace SecureStream.LoadTool;

/// <summary>One load run, as given on the command line (<see cref="LoadToolArguments"/>).</summary>
internal sealed class LoadToolOptions
{
    /// <summary>WHEP endpoints (signed links allowed); viewer <c>i</c> uses <c>Urls[i % Count]</c> with <c>{i}</c> replaced by <c>i</c>.</summary>
    public IReadOnlyList<string> Urls { get; init; } = [];

    /// <summary>The Janus HTTP API (<c>--janus</c>): viewers then watch streaming-plugin mountpoints instead of WHEP endpoints.</summary>
    public string? JanusApi { get; init; }

    /// <summary>Janus mountpoint ids; viewer <c>i</c> watches <c>Mountpoints[i % Count]</c>.</summary>
    public IReadOnlyList<long> Mountpoints { get; init; } = [];

    public int Viewers { get; init; } = 1;

    /// <summary>Viewers started per second while ramping up.</summary>
    public double Ramp { get; init; } = 10;

    /// <summary>The measurement window (fixed mode) or the whole churn run.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The gateway process to sample from /proc; null measures viewers only.</summary>
    public int? Pid { get; init; }

    public string? JsonPath { get; init; }

    /// <summary>Churn mode (scenario S4): viewers joining per second, each leaving after <see cref="Lifetime"/>.</summary>
    public double? Churn { get; init; }

    public TimeSpan Lifetime { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Gateway readings with no viewer before the run.</summary>
    public TimeSpan Baseline { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The wait after every viewer closed before the reading that looks for leaks (threads, open
    /// descriptors). A camera nobody watches keeps its pull for the gateway's
    /// UnusedStreamDeletionTimeout (60 s by default): wait longer than that to see it released.
    /// </summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>One viewer, not counted, after the baseline: the camera is then pulled (warm) when the measured viewers arrive.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.Zero;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public bool Audio { get; init; } = true;

    /// <summary>
    /// Client addresses the viewers' HTTP requests come from: 127.0.0.1 … 127.0.0.N, viewer
    /// <c>i</c> using the <c>i % N</c>th — so a gateway's per-address limits see N clients, as
    /// they would see many viewers, instead of one address making every request.
    /// </summary>
    public int Sources { get; init; } = 1;

    /// <summary>
    /// The <c>use_srtp</c> offer of every viewer (IANA ids), the same to SecureStream and Janus.
    /// Default: Chromium's offer in its order (AES-CM with HMAC-SHA1-80, then AES-128-GCM), less
    /// AES-256-GCM, which this client does not implement; the gateway picks.
    /// </summary>
    public IReadOnlyList<int> SrtpProfiles { get; init; } = LoadToolArguments.ChromiumSrtpOffer;

    public string UrlFor(int viewer) => Urls[viewer % Urls.Count].Replace("{i}", viewer.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
