using System.Globalization;
using SecureStream.Media.Cameras;
using SecureStream.Policy.Access;
using SecureStream.Policy.Audit;
using SecureStream.Proxy.Gate;
using SecureStream.Proxy.Sessions;

namespace SecureStream.Proxy.Management;

/// <summary>
/// The operator console's read routes (docs/console.md, "Console API"):
/// <c>GET /v1/console/cameras</c>, <c>GET /v1/console/denials?minutes=</c> and
/// <c>GET /v1/audit/search</c>; the link form is <see cref="ConsoleLinkEndpoints"/>. Every list is
/// bounded: cameras by the registry, denials by <see cref="RecentDenials"/>, audit records by
/// <see cref="AuditJournalReader.MaxLimit"/>.
/// </summary>
internal static class ConsoleEndpoints
{
    public const int DefaultDenialMinutes = 60;
    public const int DefaultAuditLimit = 100;

    public static void MapConsoleEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/console/cameras", Cameras);
        endpoints.MapGet("/v1/console/denials", Denials);
        endpoints.MapGet("/v1/audit/search", SearchAsync);
        endpoints.MapConsoleLinkEndpoints();
    }

    /// <summary>
    /// Every camera the registry lists (configured and registered), and every camera pulled or
    /// watched now (also those of app-wide Locations and Redis, which cannot be listed), with its
    /// live state from the stream hub.
    /// </summary>
    /// <summary>The console's own throughput scopes, apart from the OME statistics' scopes.</summary>
    private const string ThroughputScope = "console:";

    private static IResult Cameras(IOriginCameras registry, ICameraStatistics statistics, SessionRegistry sessions, ThroughputMeter throughput, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var viewers = sessions.All.GroupBy(s => s.Camera).ToDictionary(g => g.Key, g => g.Count());
        var cameras = registry.VirtualHosts
            .SelectMany(vh => registry.Apps(vh).SelectMany(app => registry.List(vh, app)))
            .Concat(statistics.Pulled())
            .Concat(viewers.Keys)
            .Distinct()
            .OrderBy(c => c.ToString(), StringComparer.Ordinal)
            .Select(camera =>
            {
                var figures = statistics.Get(camera);
                var state = ConsoleCameraView.StateOf(figures);
                var name = camera.ToString();
                long? bitrate = state == ConsoleCameraView.Idle
                    ? null
                    : throughput.Measure(ThroughputScope + name, figures!.BytesIn, 0, now).LastIn;
                return new ConsoleCameraView(
                    name,
                    state,
                    viewers.GetValueOrDefault(camera),
                    bitrate,
                    figures?.LastFailure,
                    figures?.LastFailureAt,
                    ConsoleCameraView.SourceOf(figures));
            })
            .ToList();

        // A camera idle or no longer pulled needs no reading: cameras of app-wide Locations come
        // and go with their pulls, and the meter's table must not grow with every name ever pulled.
        throughput.RetainOnly(ThroughputScope, cameras.Where(c => c.BitrateBps is not null).Select(c => ThroughputScope + c.Camera).ToHashSet(StringComparer.Ordinal));
        return Reply(200, "OK", cameras);
    }

    private static IResult Denials(HttpContext context, RecentDenials denials, TimeProvider time)
    {
        var minutes = DefaultDenialMinutes;
        if (context.Request.Query.TryGetValue("minutes", out var text) &&
            (text.Count != 1 || !int.TryParse(text[0], NumberStyles.None, CultureInfo.InvariantCulture, out minutes) || minutes is < 1 or > RecentDenials.MaxMinutes))
        {
            return BadRequest($"minutes must be a whole number from 1 to {RecentDenials.MaxMinutes}");
        }

        var since = time.GetUtcNow() - TimeSpan.FromMinutes(minutes);
        var (byReason, recent) = denials.Read(since);
        return Reply(200, "OK", new ConsoleDenialsView(
            since,
            [.. byReason.Select(r => new ConsoleDenialCount(r.Reason.ToCode(), r.Count, r.LastAt))],
            [.. recent.Select(d => new ConsoleDenial(d.Time, d.Reason.ToCode(), d.Camera?.ToString(), d.Client.ToAuditText()!, d.TraceId))]));
    }

    private static async Task<IResult> SearchAsync(HttpContext context, AuditJournal journal, AuditChainCheck chain, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        foreach (var key in query.Keys)
        {
            if (key is not ("operator" or "camera" or "linkId" or "from" or "to" or "limit") || query[key].Count != 1)
            {
                return BadRequest("the query takes operator, camera, linkId, from, to and limit, each at most once");
            }
        }

        var limit = DefaultAuditLimit;
        if (query.TryGetValue("limit", out var limitText) &&
            (!int.TryParse(limitText[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > AuditJournalReader.MaxLimit))
        {
            return BadRequest($"limit must be a whole number from 1 to {AuditJournalReader.MaxLimit}");
        }

        if (!TryTime(query, "from", out var from) || !TryTime(query, "to", out var to))
        {
            return BadRequest("from and to must be ISO-8601 times with a time zone, e.g. 2026-12-07T10:00:00Z");
        }

        string? app = null;
        string? stream = null;
        if (Value(query, "camera") is { } cameraText)
        {
            if (!CameraPath.TryParse(cameraText, out var camera))
            {
                return BadRequest("camera must be app/stream");
            }

            (app, stream) = (camera.App, camera.Stream);
        }

        var operatorId = Value(query, "operator");
        var linkId = Value(query, "linkId");
        if (operatorId?.Length > 128 || linkId?.Length > 128)
        {
            return BadRequest("operator and linkId are at most 128 characters");
        }

        var filter = new AuditSearchFilter(operatorId, app, stream, linkId, from, to);
        var verdict = await chain.CurrentAsync(cancellationToken);
        var records = await Task.Run(() => AuditJournalReader.Search(journal.Path, filter, limit), cancellationToken);
        return Reply(200, "OK", new AuditSearchView(verdict, records));
    }

    private static string? Value(IQueryCollection query, string key) =>
        query.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value[0]) ? value[0] : null;

    private static bool TryTime(IQueryCollection query, string key, out DateTimeOffset? time)
    {
        time = null;
        if (Value(query, key) is not { } text)
        {
            return true;
        }

        // A time without a zone would be read in the server's zone: refused rather than guessed.
        if (!text.EndsWith('Z') && !text.Contains('+', StringComparison.Ordinal) && text.LastIndexOf('-') <= text.IndexOf('T', StringComparison.Ordinal))
        {
            return false;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        time = parsed;
        return true;
    }

    private static IResult BadRequest(string message) => Reply<object?>(400, "Bad Request: " + message, null);

    private static IResult Reply<T>(int status, string message, T response) => ManagementReply.With(status, message, response);
}
