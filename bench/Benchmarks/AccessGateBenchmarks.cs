using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Serilog;
using SecureStream.Policy.Access;
using SecureStream.Policy.Admission;
using SecureStream.Policy.Audit;
using SecureStream.Policy.Entitlements;
using SecureStream.Policy.Forwarding;
using SecureStream.Policy.PolicyFile;
using SecureStream.Policy.Secrets;
using SecureStream.Policy.Sessions;
using SecureStream.Policy.SignedUrls;
using SecureStream.Policy.Tickets;
using SecureStream.Policy.Tokens;
using SecureStream.Proxy.Cameras;
using SecureStream.Proxy.ClientAddresses;
using SecureStream.Proxy.Gate;
using SecureStream.Proxy.Sessions;

namespace SecureStream.Benchmarks;

/// <summary>
/// The whole gate, AccessGate.EvaluateAsync, for one admitted anonymous signed-link WebSocket
/// request (wss, HMAC-SHA1, camera demo/cam1), webhook off, link reuse unlimited. Built like
/// GatewayHost builds it, without the host: PolicyStore from PolicyFileLoader.Load, real
/// SignedUrlValidator/TokenLinkValidator/ConfiguredCameraCatalog/SessionLimiter/
/// InMemoryLinkUseRegistry/TicketIssuer/SessionRegistry, NullLogger everywhere.
/// <list type="bullet">
/// <item><see cref="GateWithJournal"/>: the real AuditWriter on an AuditJournal in a temp file
/// (silent Serilog copy). The journal appends and fsyncs per batch, so this one measures the disk too.</item>
/// <item><see cref="GateWithoutJournal"/>: identical, except IAuditWriter is a stub that accepts the
/// record (built by the gate exactly as before) without writing it: the gate's CPU up to the journal.</item>
/// </list>
/// Each call's session is ended right after it (SessionRegistry.End with a no-op closer: lease
/// released, session removed), inside the timed method, so live counts stay flat.
/// </summary>
[MemoryDiagnoser]
public class AccessGateBenchmarks
{
    private const string Host = "cams.example.com:3334";

    private readonly List<IAsyncDisposable> _journals = [];
    private readonly GateLimits _limits = new();
    private readonly AdmissionClient _admission = new(new HttpClient(), TimeProvider.System, NullLogger<AdmissionClient>.Instance);

    // The gate records its decisions as in the gateway: through a meter factory (no exporter listens here).
    private readonly IMeterFactory _meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
    private string _journalDirectory = null!;
    private AccessGate _gateWithJournal = null!;
    private AccessGate _gateWithoutJournal = null!;
    private SessionRegistry _sessions = null!;
    private GateRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        var linkSecret = BenchSecrets.RandomSecret();
        var linkRef = BenchSecrets.EnvReference("SS_BENCH_LINK_", linkSecret);
        var jwtRef = BenchSecrets.EnvReference("SS_BENCH_JWT_", BenchSecrets.RandomSecret());
        var policyJson = $$"""
            {
              "version": 1,
              "signedUrls": {
                "policyParam": "policy",
                "signatureParam": "signature",
                "virtualHosts": [ { "name": "default", "hosts": [ "*" ], "keys": [ { "id": "k1", "secret": "{{linkRef}}" } ] } ]
              },
              "tokens": {
                "audience": "securestream",
                "issuers": [ "securestream-bench" ],
                "keys": [ { "kid": "hs", "algorithm": "HS256", "secret": "{{jwtRef}}" } ]
              },
              "operators": [ { "id": "alice", "groups": [ "viewers" ], "maxSessions": 4 } ],
              "groups": [ { "id": "viewers", "cameras": [ "demo/*" ] } ],
              "anonymousLinks": { "cameras": [ "demo/*" ], "maxSessions": 20 },
              "links": { "maxUsesPerLinkId": 0 },
              "admission": { "enabled": false },
              "forwarding": { "cameras": [] }
            }
            """;
        var loaded = PolicyFileLoader.Load(Encoding.UTF8.GetBytes(policyJson), TimeProvider.System);
        if (loaded.Snapshot is null)
        {
            throw new InvalidOperationException("setup: policy refused: " + string.Join("; ", loaded.Errors));
        }

        var policy = new PolicyStore(loaded.Snapshot, null);
        _sessions = new SessionRegistry(new NoOpSessionCloser(), TimeProvider.System);

        _journalDirectory = Path.Combine(Path.GetTempPath(), "ss-bench-audit-" + Guid.NewGuid().ToString("N"));
        var journal = new AuditJournal(Path.Combine(_journalDirectory, "audit.jsonl"), NullLogger<AuditJournal>.Instance);
        _journals.Add(journal);
        var silent = new LoggerConfiguration().CreateLogger();
        var writer = new AuditWriter(journal, silent, NullLogger<AuditWriter>.Instance);

        _gateWithJournal = CreateGate(policy, writer);
        _gateWithoutJournal = CreateGate(policy, new AcceptingAuditWriter());

        var link = SignedUrlSigner.CreateLink(
            new Uri("wss://" + Host + "/demo/cam1"),
            new SignedPolicyClaims(DateTimeOffset.UtcNow.AddDays(1)),
            null,
            SecretValue.FromText(linkSecret),
            SignedUrlAlgorithm.HmacSha1,
            SignedUrlParameterNames.Default);
        var rawTarget = link[link.IndexOf('/', "wss://".Length)..];
        _request = new GateRequest(
            rawTarget, "GET", "wss", Host, 3334, IPAddress.Parse("203.0.113.7"), 50123,
            null, null, "bench/1.0", null, null, "00-bench-trace");

        SignedUrlValidationBenchmarks.Expect(GateWithJournal().AsTask().GetAwaiter().GetResult(), AccessReason.Allowed);
        SignedUrlValidationBenchmarks.Expect(GateWithoutJournal().AsTask().GetAwaiter().GetResult(), AccessReason.Allowed);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var journal in _journals)
        {
            journal.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        if (_sessions.Count != 0)
        {
            throw new InvalidOperationException($"cleanup: {_sessions.Count} sessions left open");
        }

        Directory.Delete(_journalDirectory, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public ValueTask<AccessReason> GateWithoutJournal() => EvaluateAndEndAsync(_gateWithoutJournal);

    [Benchmark]
    public ValueTask<AccessReason> GateWithJournal() => EvaluateAndEndAsync(_gateWithJournal);

    private async ValueTask<AccessReason> EvaluateAndEndAsync(AccessGate gate)
    {
        var outcome = await gate.EvaluateAsync(_request, CancellationToken.None);
        if (outcome.Admission is { } admission)
        {
            _sessions.End(admission.Session, SessionEndReason.HangUp);
        }

        return outcome.Reason;
    }

    private AccessGate CreateGate(PolicyStore policy, IAuditWriter audit) => new(
        policy,
        new ClientAddressResolver(new StaticMonitor<TrustedProxyOptions>(new TrustedProxyOptions()), NullLogger<ClientAddressResolver>.Instance),
        new SignedUrlValidator(TimeProvider.System, NullLogger<SignedUrlValidator>.Instance),
        new TokenLinkValidator(TimeProvider.System, NullLogger<TokenLinkValidator>.Instance),
        new ConfiguredCameraCatalog(Options.Create(new CameraCatalogOptions { Known = ["demo/*"] })),
        new SessionLimiter(NullLogger<SessionLimiter>.Instance),
        new InMemoryLinkUseRegistry(TimeProvider.System, NullLogger<InMemoryLinkUseRegistry>.Instance),
        _admission,
        new AdmissionClosingQueue(_admission, () => null, new AdmissionClosingQueueOptions(), TimeProvider.System, NullLogger<AdmissionClosingQueue>.Instance),
        audit,
        new TicketIssuer(TicketKey.CreateRandom(), TimeProvider.System),
        new KickedCredentials(TimeProvider.System),
        _sessions,
        _limits,
        new GateMetrics(_meters, _limits, TimeProvider.System),
        TimeProvider.System,
        NullLogger<AccessGate>.Instance);

    /// <summary>Accepts every record without writing it: the gate up to, not including, the journal.</summary>
    private sealed class AcceptingAuditWriter : IAuditWriter
    {
        public ValueTask<bool> WriteAsync(AuditRecord record, CancellationToken cancellationToken) => ValueTask.FromResult(true);

        public ValueTask<bool> WriteBothAsync(AuditRecord first, AuditRecord second, CancellationToken cancellationToken) => ValueTask.FromResult(true);
    }

    /// <summary>No closing webhook and no session.end record: ending a session only releases it.</summary>
    private sealed class NoOpSessionCloser : ISessionCloser
    {
        public void Close(AdmittedSession session, SessionEndReason reason)
        {
        }
    }

    private sealed class StaticMonitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
