using System.Collections.Frozen;
using SecureStream.Policy.Access;

namespace SecureStream.Policy.Entitlements;

/// <summary>
/// Validates <see cref="EntitlementSettings"/> and builds an <see cref="EntitlementTable"/>.
/// Keeps going after a problem so the operator sees every mistake in one run, and builds nothing
/// when there was any: a half-valid policy never goes live.
/// </summary>
internal sealed class EntitlementTableBuilder
{
    private const int MaxIdLength = 64;
    private const int MaxQuotedLength = 64;

    private readonly string _root;
    private readonly List<string> _errors;
    private readonly Dictionary<string, TimeZoneInfo> _zones = new(StringComparer.Ordinal);
    private int _errorCount;

    public EntitlementTableBuilder(string root, List<string> errors)
    {
        _root = root;
        _errors = errors;
    }

    public EntitlementTable? Build(EntitlementSettings settings)
    {
        var groups = BuildGroups(settings.Groups ?? [], _root + ".groups");
        var operators = BuildOperators(settings.Operators ?? [], _root + ".operators", groups);

        var anonymousPath = _root + ".anonymousLinks";
        var anonymousSettings = settings.AnonymousLinks ?? new AnonymousLinkSettings();
        var anonymous = BuildGrantSet(anonymousSettings.Cameras, [], anonymousPath);
        CheckCap(anonymousSettings.MaxSessions, anonymousPath + ".maxSessions");
        CheckShare(anonymousSettings.MaxSessionsPerLink, anonymousPath + ".maxSessionsPerLink");
        CheckShare(anonymousSettings.MaxSessionsPerSource, anonymousPath + ".maxSessionsPerSource");

        var links = settings.Links ?? new LinkUseSettings();
        if (links.MaxUsesPerLinkId < 0)
        {
            Error(_root + ".links.maxUsesPerLinkId", $"{links.MaxUsesPerLinkId} is negative",
                "use 0 for unlimited or a positive number of uses (1 = single-use links)");
        }

        return _errorCount > 0
            ? null
            : new EntitlementTable(
                operators,
                anonymous,
                anonymousSettings.MaxSessions,
                links.MaxUsesPerLinkId,
                anonymousSettings.MaxSessionsPerLink ?? AnonymousLinkSettings.DefaultMaxSessionsPerShare,
                anonymousSettings.MaxSessionsPerSource ?? AnonymousLinkSettings.DefaultMaxSessionsPerShare);
    }

    private Dictionary<string, GrantSet> BuildGroups(IReadOnlyList<GroupSettings> groups, string path)
    {
        var result = new Dictionary<string, GrantSet>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < groups.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            var group = groups[i];
            if (group is null)
            {
                Error(itemPath, "the entry is null", "write a group object or remove the entry");
                continue;
            }

            var idOk = CheckId(group.Id, itemPath + ".id", "group", seen, i, path);
            var grants = BuildGrantSet(group.Cameras, group.Windows, itemPath);
            if (idOk)
            {
                result[group.Id!] = grants;
            }
        }

        return result;
    }

    private FrozenDictionary<string, OperatorEntitlement> BuildOperators(
        IReadOnlyList<OperatorSettings> operators, string path, Dictionary<string, GrantSet> groups)
    {
        var result = new Dictionary<string, OperatorEntitlement>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var groupPath = _root + ".groups";
        for (var i = 0; i < operators.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            var entry = operators[i];
            if (entry is null)
            {
                Error(itemPath, "the entry is null", "write an operator object or remove the entry");
                continue;
            }

            var idOk = CheckId(entry.Id, itemPath + ".id", "operator", seen, i, path);
            var direct = BuildGrantSet(entry.Cameras, entry.Windows, itemPath);
            CheckCap(entry.MaxSessions, itemPath + ".maxSessions");
            CheckShare(entry.MaxSessionsPerLink, itemPath + ".maxSessionsPerLink");
            CheckShare(entry.MaxSessionsPerSource, itemPath + ".maxSessionsPerSource");

            var grants = new List<GrantSet>();
            if (!direct.IsEmpty)
            {
                grants.Add(direct);
            }

            var memberOf = entry.Groups ?? [];
            for (var g = 0; g < memberOf.Count; g++)
            {
                var groupId = memberOf[g];
                if (groupId is not null && groups.TryGetValue(groupId, out var groupGrants))
                {
                    if (!grants.Contains(groupGrants))
                    {
                        grants.Add(groupGrants);
                    }
                }
                else
                {
                    Error($"{itemPath}.groups[{g}]", $"unknown group {Quote(groupId)}",
                        $"define it in {groupPath} (ids are case-sensitive) or remove the reference");
                }
            }

            if (idOk)
            {
                result[entry.Id!] = new OperatorEntitlement(
                    EntitlementTable.OperatorKeyPrefix + entry.Id, entry.Disabled, entry.MaxSessions, [.. grants])
                {
                    MaxSessionsPerLink = entry.MaxSessionsPerLink,
                    MaxSessionsPerSource = entry.MaxSessionsPerSource,
                };
            }
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private GrantSet BuildGrantSet(IReadOnlyList<string>? cameras, IReadOnlyList<TimeWindowSettings>? windows, string path)
    {
        cameras ??= [];
        var exact = new HashSet<CameraPath>();
        var wildcards = new List<CameraPattern>();
        for (var i = 0; i < cameras.Count; i++)
        {
            var text = cameras[i];
            if (!CameraPattern.TryParse(text, out var pattern))
            {
                Error($"{path}.cameras[{i}]", $"{Quote(text)} is not a camera pattern",
                    "write app/stream with letters, digits, '-', '_', '.' and '*' inside a name, e.g. \"site/lobby-*\"");
                continue;
            }

            // A pattern without '*' names exactly one camera: one hash lookup instead of a glob.
            if (!text!.Contains('*', StringComparison.Ordinal) && CameraPath.TryParse(text, out var camera))
            {
                exact.Add(camera);
            }
            else
            {
                wildcards.Add(pattern!);
            }
        }

        windows ??= [];
        var built = new List<TimeWindow>(windows.Count);
        for (var i = 0; i < windows.Count; i++)
        {
            var window = BuildWindow(windows[i], $"{path}.windows[{i}]");
            if (window is not null)
            {
                built.Add(window);
            }
        }

        return new GrantSet(exact.ToFrozenSet(), [.. wildcards], [.. built]);
    }

    private TimeWindow? BuildWindow(TimeWindowSettings? settings, string path)
    {
        if (settings is null)
        {
            Error(path, "the entry is null", "write a window object or remove the entry");
            return null;
        }

        var before = _errorCount;
        var mask = 0;
        var days = settings.Days ?? [];
        for (var i = 0; i < days.Count; i++)
        {
            var bit = ParseDay(days[i]);
            if (bit < 0)
            {
                Error($"{path}.days[{i}]", $"{Quote(days[i])} is not a day",
                    "use mon, tue, wed, thu, fri, sat or sun");
            }
            else
            {
                mask |= 1 << bit;
            }
        }

        if (days.Count == 0)
        {
            mask = TimeWindow.AllDays;
        }

        var from = ParseTime(settings.From, allowEndOfDay: false);
        if (from < 0)
        {
            Error(path + ".from", settings.From is null ? "missing" : $"{Quote(settings.From)} is not a time",
                "write HH:mm between 00:00 and 23:59");
        }

        var to = ParseTime(settings.To, allowEndOfDay: true);
        if (to <= 0)
        {
            Error(path + ".to", settings.To is null ? "missing" : $"{Quote(settings.To)} is not an end time",
                "write HH:mm between 00:01 and 24:00");
        }

        if (from >= 0 && to > 0 && from == to)
        {
            Error(path, $"from and to are both {Quote(settings.From)}, so the window is empty",
                "use 00:00 to 24:00 for a whole day, or remove the window for always");
        }

        var zone = ResolveZone(settings.TimeZone, path + ".timeZone");
        return _errorCount == before ? new TimeWindow(mask, from, to, zone!) : null;
    }

    private TimeZoneInfo? ResolveZone(string? id, string path)
    {
        id ??= "UTC";
        if (_zones.TryGetValue(id, out var cached))
        {
            return cached;
        }

        // Ids are file names under the tz database on Linux: refuse anything but the IANA
        // alphabet so a configuration value can never name a file elsewhere.
        var shaped = id.Length is > 0 and <= 64 && !id.Contains("..", StringComparison.Ordinal) && id[0] != '/'
            && id.AsSpan().IndexOfAnyExcept(ZoneCharacters) < 0;
        TimeZoneInfo? zone = null;
        if (shaped)
        {
            try
            {
                zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            }
            catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                zone = null;
            }
        }

        if (zone is null)
        {
            Error(path, $"{Quote(id)} is not a known time zone", "use an IANA id such as \"Europe/Berlin\" or \"UTC\"");
            return null;
        }

        _zones[id] = zone;
        return zone;
    }

    private static readonly System.Buffers.SearchValues<char> ZoneCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/_+-");

    private static readonly System.Buffers.SearchValues<char> IdCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._@-");

    private bool CheckId(string? id, string path, string kind, Dictionary<string, int> seen, int index, string listPath)
    {
        if (string.IsNullOrEmpty(id))
        {
            Error(path, $"the {kind} id is missing", $"give every {kind} an id of 1–{MaxIdLength} characters");
            return false;
        }

        if (id.Length > MaxIdLength || id.AsSpan().IndexOfAnyExcept(IdCharacters) >= 0)
        {
            Error(path, $"{Quote(id)} is not a valid {kind} id",
                $"use 1–{MaxIdLength} characters of A-Z, a-z, 0-9, '.', '_', '@' and '-'");
            return false;
        }

        // Ids differing only in letter case are refused: lookups are case-sensitive, but two such
        // operators would be indistinguishable to a person reading the audit trail.
        if (seen.TryGetValue(id, out var first))
        {
            Error(path, $"duplicate {kind} id {Quote(id)} (first at {listPath}[{first}])",
                $"give every {kind} a unique id (letter case does not make ids different)");
            return false;
        }

        seen[id] = index;
        return true;
    }

    private void CheckCap(int? cap, string path)
    {
        if (cap < 0)
        {
            Error(path, $"{cap} is negative", "remove it for no cap, or use 0 (no sessions) or a positive number");
        }
    }

    // A share of 0 would refuse every session while the pool looks open: say "maxSessions: 0" for that.
    private void CheckShare(int? share, string path)
    {
        if (share < 1)
        {
            Error(path, $"{share} is below 1", "use a positive number of sessions, or remove it for the default (set maxSessions to 0 to refuse all sessions)");
        }
    }

    private void Error(string path, string what, string fix)
    {
        _errorCount++;
        _errors.Add($"{path}: {what}; {fix}");
    }

    private static int ParseDay(string? day) => day?.ToLowerInvariant() switch
    {
        "sun" or "sunday" => (int)DayOfWeek.Sunday,
        "mon" or "monday" => (int)DayOfWeek.Monday,
        "tue" or "tuesday" => (int)DayOfWeek.Tuesday,
        "wed" or "wednesday" => (int)DayOfWeek.Wednesday,
        "thu" or "thursday" => (int)DayOfWeek.Thursday,
        "fri" or "friday" => (int)DayOfWeek.Friday,
        "sat" or "saturday" => (int)DayOfWeek.Saturday,
        _ => -1,
    };

    // Strict HH:mm, so "8:00", "08:00:00" or "08.00" are refused rather than guessed at.
    private static int ParseTime(string? text, bool allowEndOfDay)
    {
        if (text is not { Length: 5 } || text[2] != ':' || !char.IsAsciiDigit(text[0]) || !char.IsAsciiDigit(text[1])
            || !char.IsAsciiDigit(text[3]) || !char.IsAsciiDigit(text[4]))
        {
            return -1;
        }

        var hours = ((text[0] - '0') * 10) + (text[1] - '0');
        var minutes = ((text[3] - '0') * 10) + (text[4] - '0');
        if (allowEndOfDay && hours == 24 && minutes == 0)
        {
            return 24 * 60;
        }

        return hours < 24 && minutes < 60 ? (hours * 60) + minutes : -1;
    }

    // Values echoed into messages come from the policy file, which may hold anything: keep them
    // short and printable so an error message is one clean log line.
    private static string Quote(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        var length = Math.Min(value.Length, MaxQuotedLength);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = value[i] is >= ' ' and <= '~' and not '\'' ? value[i] : '?';
        }

        return "'" + new string(chars) + (value.Length > MaxQuotedLength ? "…'" : "'");
    }
}
