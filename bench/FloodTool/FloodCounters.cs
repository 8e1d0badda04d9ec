using System.Collections.Concurrent;

namespace SecureStream.FloodTool;

/// <summary>What the flood did and how the gateway answered, counted from every flooding loop at once.</summary>
internal sealed class FloodCounters
{
    private readonly ConcurrentDictionary<int, long> _statuses = new();
    private long _requests;
    private long _requestErrors;
    private readonly HeldConnections _slowHeaders = new();
    private readonly HeldConnections _slowBodies = new();
    private readonly HeldConnections _iceTcp = new();

    public HeldConnections SlowHeaders => _slowHeaders;

    public HeldConnections SlowBodies => _slowBodies;

    public HeldConnections IceTcp => _iceTcp;

    public void Answered(int status)
    {
        Interlocked.Increment(ref _requests);
        _statuses.AddOrUpdate(status, 1, static (_, n) => n + 1);
    }

    public void RequestFailed()
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Increment(ref _requestErrors);
    }

    public FloodReport Report(TimeSpan duration) => new(
        duration.TotalSeconds,
        Interlocked.Read(ref _requests),
        Interlocked.Read(ref _requestErrors),
        _statuses.OrderBy(s => s.Key).ToDictionary(s => s.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), s => s.Value),
        _slowHeaders.Snapshot(),
        _slowBodies.Snapshot(),
        _iceTcp.Snapshot());
}
