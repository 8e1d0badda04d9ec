using System.Diagnostics.Metrics;
using SecureStream.Policy.Audit;
using SecureStream.Policy.Sessions;
using SecureStream.Proxy.Metrics;

namespace SecureStream.Proxy.Sessions;

/// <summary>
/// The session registry's instruments on the front door's meter (docs/metrics.md, "Front door and
/// policy"): sessions live now by signalling protocol, and sessions ended by end reason, counted at
/// the registry's one closing of each session. Tags are the audit's own codes (<c>whep</c>,
/// <c>webrtc-ws</c>, <c>snapshot</c>; <c>hang_up</c>, <c>kicked</c>, …), never a session or client.
/// </summary>
internal sealed class SessionMetrics
{
    private static readonly AuditProtocol[] Protocols = Enum.GetValues<AuditProtocol>();

    private static readonly KeyValuePair<string, object?>[] ProtocolTags = Protocols
        .Select(protocol => new KeyValuePair<string, object?>("protocol", protocol.ToCode() ?? "unknown"))
        .ToArray();

    private static readonly KeyValuePair<string, object?>[] ReasonTags = Enum.GetValues<SessionEndReason>()
        .Select(reason => new KeyValuePair<string, object?>("reason", reason.ToCode()))
        .ToArray();

    private readonly Counter<long> _ended;

    // Live sessions per protocol, indexed by the enum's value; read at scrape time.
    private readonly long[] _active = new long[Protocols.Max(protocol => (int)protocol) + 1];

    public SessionMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(GatewayMeters.Proxy);
        meter.CreateObservableGauge("securestream.sessions.active", ObserveActive, "{session}",
            "Viewing sessions this front door admitted that are live now, by signalling protocol.");
        _ended = meter.CreateCounter<long>("securestream.sessions.ended", "{session}",
            "Viewing sessions ended, by end reason (once per session, as its session.end record).");
    }

    /// <summary>A session was added to the registry.</summary>
    public void Opened(AuditProtocol protocol)
    {
        if (IndexOf(protocol) is { } index)
        {
            Interlocked.Increment(ref _active[index]);
        }
    }

    /// <summary>A session left the registry.</summary>
    public void Left(AuditProtocol protocol)
    {
        if (IndexOf(protocol) is { } index)
        {
            Interlocked.Decrement(ref _active[index]);
        }
    }

    /// <summary>A session was closed (its one closing: one <c>session.end</c> record) with <paramref name="reason"/>.</summary>
    public void Ended(SessionEndReason reason)
    {
        var reasonIndex = (int)reason;
        _ended.Add(1, (uint)reasonIndex < (uint)ReasonTags.Length ? ReasonTags[reasonIndex] : new KeyValuePair<string, object?>("reason", "unknown"));
    }

    private int? IndexOf(AuditProtocol protocol) => (uint)protocol < (uint)_active.Length ? (int)protocol : null;

    private IEnumerable<Measurement<long>> ObserveActive()
    {
        var measurements = new List<Measurement<long>>(Protocols.Length);
        for (var i = 0; i < Protocols.Length; i++)
        {
            var protocol = Protocols[i];
            if (protocol != AuditProtocol.Unknown)
            {
                measurements.Add(new Measurement<long>(Interlocked.Read(ref _active[(int)protocol]), ProtocolTags[i]));
            }
        }

        return measurements;
    }
}
