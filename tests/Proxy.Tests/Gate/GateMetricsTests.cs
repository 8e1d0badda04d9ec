using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SecureStream.Policy.Access;
using SecureStream.Policy.Tests.Infrastructure;
using SecureStream.Proxy.Gate;
using SecureStream.Proxy.Listeners;
using SecureStream.Proxy.Lockout;

namespace SecureStream.Proxy.Tests.Gate;

/// <summary>The gate's instruments carry the codes the client and the audit get; limiter refusals and lockouts are read at scrape time.</summary>
public sealed class GateMetricsTests : IDisposable
{
    private const string Decisions = "securestream.gate.decisions";
    private const string RateLimited = "securestream.gate.rate_limited";
    private const string LockoutsStarted = "securestream.lockouts.started";
    private const string LockoutsActive = "securestream.lockouts.active";

    private readonly RecordingMeterFactory _meters = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _meters.Dispose();

    public static TheoryData<AccessReason, string> Refusals => new()
    {
        { AccessReason.SignatureInvalid, "signature_invalid" },
        { AccessReason.LockedOut, "locked_out" },
        { AccessReason.AuditUnavailable, "audit_unavailable" },
        { AccessReason.SharedStateUnavailable, "shared_state_unavailable" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Deny_CountsDeniedWithTheReasonCode(AccessReason reason, string code)
    {
        var metrics = new GateMetrics(_meters, new GateLimits(), _time);

        metrics.Deny(reason);

        Assert.Equal(code, reason.ToCode());
        Assert.Equal(1, _meters.Sum($"{Decisions}{{decision=denied,reason={code}}}"));
        Assert.Equal(0, _meters.Sum($"{Decisions}{{decision=admitted}}"));
    }

    [Fact]
    public void Admit_CountsAdmittedWithReasonOk()
    {
        var metrics = new GateMetrics(_meters, new GateLimits(), _time);

        metrics.Admit();
        metrics.Admit();

        Assert.Equal(2, _meters.Sum($"{Decisions}{{decision=admitted,reason=ok}}"));
        Assert.Equal(0, _meters.Sum($"{Decisions}{{decision=denied}}"));
    }

    [Fact]
    public void EveryReason_HasItsOwnCode_NeverUnknown()
    {
        var metrics = new GateMetrics(_meters, new GateLimits(), _time);

        foreach (var reason in Enum.GetValues<AccessReason>())
        {
            metrics.Deny(reason);
        }

        Assert.Equal(0, _meters.Sum($"{Decisions}{{reason=unknown}}"));
        Assert.Equal(Enum.GetValues<AccessReason>().Length, _meters.Sum($"{Decisions}{{decision=denied}}"));
    }

    [Fact]
    public async Task RateLimited_ByLimiterCode_ConnectionsFromTheListenersPools()
    {
        var listeners = new ListenerOptions();
        listeners.Http.MaxConnections = 3;
        listeners.Http.MaxConnectionsPerAddress = 2;
        using var connections = new ConnectionLimits(Options.Create(listeners), _time, NullLoggerFactory.Instance);
        var metrics = new GateMetrics(_meters, new GateLimits(), _time, connections);
        var hangUp = new TaskCompletionSource();
        var http = connections.Of(ListenerKind.Http).Wrap(_ => hangUp.Task);

        metrics.RateLimited();
        metrics.RateLimited();
        metrics.PendingLimited();
        var held = new List<Task> { http(Connection("192.0.2.1")), http(Connection("192.0.2.1")) };
        await http(Connection("192.0.2.1")); // over the source's share
        held.Add(http(Connection("192.0.2.2")));
        await http(Connection("192.0.2.3")); // the listener is full

        Assert.Equal(2, _meters.Observe($"{RateLimited}{{limiter=rate}}"));
        Assert.Equal(1, _meters.Observe($"{RateLimited}{{limiter=pending}}"));
        Assert.Equal(1, _meters.Observe($"{RateLimited}{{limiter=connections}}"));
        Assert.Equal(1, _meters.Observe($"{RateLimited}{{limiter=connections_per_source}}"));
        hangUp.SetResult();
        await Task.WhenAll(held);
    }

    [Fact]
    public void Lockouts_StartedCounted_ActiveReadFromTheTable()
    {
        var lockout = new SourceLockout(new LockoutOptions { Threshold = 1, WindowSeconds = 60, DurationSeconds = 600 });
        var metrics = new GateMetrics(_meters, new GateLimits { Lockout = lockout }, _time);
        Assert.Equal(0, _meters.Observe(LockoutsActive));

        foreach (var address in new[] { "192.0.2.1", "192.0.2.2" })
        {
            var source = ClientSource.Of(IPAddress.Parse(address));
            Assert.Null(lockout.RecordFailure(source, _time.GetUtcNow()));
            Assert.NotNull(lockout.RecordFailure(source, _time.GetUtcNow()));
            metrics.LockoutStarted();
        }

        Assert.Equal(2, _meters.Sum(LockoutsStarted));
        Assert.Equal(2, _meters.Observe(LockoutsActive));

        _time.Advance(TimeSpan.FromSeconds(601));
        Assert.Equal(0, _meters.Observe(LockoutsActive));
    }

    [Fact]
    public void Lockouts_Off_NoActiveMeasurement()
    {
        _ = new GateMetrics(_meters, new GateLimits(), _time);

        Assert.Null(_meters.Observe(LockoutsActive));
    }

    private static DefaultConnectionContext Connection(string address) =>
        new() { RemoteEndPoint = new IPEndPoint(IPAddress.Parse(address), 40000) };
}
