using System.Net;
using System.Text.Json;
using SecureStream.Proxy.Cluster;
using SecureStream.Proxy.Management;
using SecureStream.Proxy.Sessions;
using StackExchange.Redis;

namespace SecureStream.Proxy.ClusterSessions;

/// <summary>
/// The cluster's live session list in Redis (docs/cluster.md, "Sessions across nodes"): each front
/// door keeps its sessions in a hash of its own, as the management API lists them, beside a
/// heartbeat key with a lifetime (<see cref="HeartbeatLifetime"/>). Both are refreshed by
/// <see cref="LiveSessionHeartbeat"/>; a front door that dies stops refreshing, and its entries
/// vanish with its heartbeat. Any front door lists every live node's sessions and sends a kick to
/// the node that holds one.
/// </summary>
internal sealed partial class LiveSessionDirectory(SharedState shared, ILogger<LiveSessionDirectory> logger) : ISessionMirror
{
    /// <summary>How long a front door's heartbeat and session hash last without a refresh.</summary>
    public static readonly TimeSpan HeartbeatLifetime = TimeSpan.FromSeconds(15);

    /// <summary>How often they are refreshed: three times per lifetime, so one lost refresh costs nothing.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(5);

    private string Self => shared.NodeId;

    public void Opened(AdmittedSession session)
    {
        var view = JsonSerializer.Serialize(SessionView.From(session, Self), LiveSessionJsonContext.Default.SessionView);
        _ = WriteAsync(database => database.HashSetAsync(SessionChannels.Live(shared, Self), session.Id, view), "list a session", session.Id);
    }

    public void Closed(AdmittedSession session) =>
        _ = WriteAsync(database => database.HashDeleteAsync(SessionChannels.Live(shared, Self), session.Id), "unlist a session", session.Id);

    /// <summary>Rewrites this node's hash from <paramref name="sessions"/> and renews its heartbeat, in one transaction.</summary>
    public Task RefreshAsync(IReadOnlyCollection<AdmittedSession> sessions, CancellationToken cancellationToken)
    {
        var entries = sessions.Select(session => new HashEntry(session.Id, JsonSerializer.Serialize(SessionView.From(session, Self), LiveSessionJsonContext.Default.SessionView))).ToArray();
        return shared.RunAsync(
            async database =>
            {
                var live = SessionChannels.Live(shared, Self);
                var transaction = database.CreateTransaction();
                _ = transaction.StringSetAsync(SessionChannels.Alive(shared, Self), "1", HeartbeatLifetime);
                _ = transaction.SetAddAsync(SessionChannels.Nodes(shared), Self);
                _ = transaction.KeyDeleteAsync(live);
                if (entries.Length > 0)
                {
                    _ = transaction.HashSetAsync(live, entries);
                    _ = transaction.KeyExpireAsync(live, HeartbeatLifetime);
                }

                return await transaction.ExecuteAsync();
            },
            "refresh the live session list",
            cancellationToken);
    }

    /// <summary>Every other live front door's sessions; a front door whose heartbeat lapsed is forgotten.</summary>
    /// <exception cref="SecureStream.Policy.Redis.SharedStateUnavailableException">Redis did not answer.</exception>
    public async Task<IReadOnlyList<SessionView>> ListOtherNodesAsync(CancellationToken cancellationToken)
    {
        var views = new List<SessionView>();
        foreach (var node in await OtherLiveNodesAsync(cancellationToken))
        {
            var entries = await shared.RunAsync(database => database.HashGetAllAsync(SessionChannels.Live(shared, node)), "list sessions", cancellationToken);
            foreach (var entry in entries)
            {
                // Written by front doors of this cluster; one that does not read is skipped, not fatal.
                if (TryRead(entry.Value, out var view) && view!.Node == node)
                {
                    views.Add(view);
                }
            }
        }

        return views;
    }

    /// <summary>
    /// Sends a kick of <paramref name="sessionId"/> to the live front door that holds it; that node
    /// runs the kick. Returns the node, or null when no other front door lists the session.
    /// </summary>
    /// <exception cref="SecureStream.Policy.Redis.SharedStateUnavailableException">Redis did not answer.</exception>
    public async Task<string?> SendKickAsync(string sessionId, string administrator, IPAddress? admin, CancellationToken cancellationToken)
    {
        foreach (var node in await OtherLiveNodesAsync(cancellationToken))
        {
            if (await shared.RunAsync(database => database.HashExistsAsync(SessionChannels.Live(shared, node), sessionId), "find a session", cancellationToken))
            {
                await shared.PublishAsync(SessionChannels.Node(shared, node), SessionMessage.Kick(sessionId, administrator, admin, Self).Encode(), cancellationToken);
                Log.KickSent(logger, sessionId, node);
                return node;
            }
        }

        return null;
    }

    private async Task<List<string>> OtherLiveNodesAsync(CancellationToken cancellationToken)
    {
        var members = await shared.RunAsync(database => database.SetMembersAsync(SessionChannels.Nodes(shared)), "list front doors", cancellationToken);
        var live = new List<string>();
        foreach (var member in members)
        {
            var node = member.ToString();
            if (node == Self || !SecureStream.Policy.Audit.NodeIdRule.IsValid(node))
            {
                continue;
            }

            if (await shared.RunAsync(database => database.KeyExistsAsync(SessionChannels.Alive(shared, node)), "check a front door", cancellationToken))
            {
                live.Add(node);
            }
            else
            {
                // Its heartbeat lapsed: it is dead, and its sessions with it.
                await shared.RunAsync(database => database.SetRemoveAsync(SessionChannels.Nodes(shared), node), "forget a front door", cancellationToken);
            }
        }

        return live;
    }

    private static bool TryRead(RedisValue value, out SessionView? view)
    {
        view = null;
        try
        {
            view = JsonSerializer.Deserialize(value.ToString(), LiveSessionJsonContext.Default.SessionView);
            return view is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private async Task WriteAsync(Func<IDatabase, Task<bool>> command, string what, string sessionId)
    {
        try
        {
            await shared.RunAsync(command, what, CancellationToken.None);
        }
        catch (SecureStream.Policy.Redis.SharedStateUnavailableException)
        {
            // The next heartbeat rewrites the whole list.
            Log.ListNotUpdated(logger, sessionId);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1904, EventName = "SessionKickSent", Level = LogLevel.Information,
            Message = "Session {SessionId} is on front door {Node}: the kick was sent there")]
        public static partial void KickSent(ILogger logger, string sessionId, string node);

        [LoggerMessage(EventId = 1905, EventName = "SessionListNotUpdated", Level = LogLevel.Debug,
            Message = "The shared live session list could not be updated for session {SessionId}; the next heartbeat rewrites it")]
        public static partial void ListNotUpdated(ILogger logger, string sessionId);
    }
}
