namespace SecureStream.Policy.Entitlements;

/// <summary>
/// A weekly time window, e.g. <c>{ "days": ["mon","fri"], "from": "08:00", "to": "18:00",
/// "timeZone": "Europe/Berlin" }</c>. The window starts on each listed day at <see cref="From"/>
/// and ends at <see cref="To"/>; when <c>from</c> is later than <c>to</c> it crosses midnight and
/// ends on the next day (a Friday 22:00–06:00 window covers Saturday 03:00).
/// </summary>
public sealed class TimeWindowSettings
{
    /// <summary>
    /// Days the window starts on: <c>mon</c>…<c>sun</c> (or full English names, any letter case).
    /// Missing or empty means every day.
    /// </summary>
    public IReadOnlyList<string> Days { get; set; } = [];

    /// <summary>Start, <c>HH:mm</c> (24-hour, inclusive). Required.</summary>
    public string? From { get; init; }

    /// <summary>End, <c>HH:mm</c> (exclusive); <c>24:00</c> means the end of the day. Required.</summary>
    public string? To { get; init; }

    /// <summary>An IANA time zone id such as <c>Europe/Berlin</c>. Missing means <c>UTC</c>.</summary>
    public string? TimeZone { get; init; }
}
