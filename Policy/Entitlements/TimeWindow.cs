namespace SecureStream.Policy.Entitlements;

/// <summary>
/// A validated weekly window in one time zone. Minutes since local midnight, <c>From</c>
/// inclusive, <c>To</c> exclusive; <c>From &gt; To</c> crosses midnight into the next day.
/// </summary>
internal sealed class TimeWindow
{
    private readonly int _dayMask;
    private readonly int _fromMinute;
    private readonly int _toMinute;
    private readonly TimeZoneInfo _zone;

    /// <param name="dayMask">Bit <c>1 &lt;&lt; (int)DayOfWeek</c> set for each day the window starts on.</param>
    /// <param name="fromMinute">0–1439.</param>
    /// <param name="toMinute">1–1440, different from <paramref name="fromMinute"/>.</param>
    /// <param name="zone">The zone whose wall clock the window follows (DST included).</param>
    public TimeWindow(int dayMask, int fromMinute, int toMinute, TimeZoneInfo zone)
    {
        _dayMask = dayMask;
        _fromMinute = fromMinute;
        _toMinute = toMinute;
        _zone = zone;
    }

    /// <summary>Every day of the week.</summary>
    public const int AllDays = 0x7F;

    /// <summary>True when <paramref name="now"/> falls inside the window on the zone's wall clock.</summary>
    public bool Contains(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, _zone);
        var minute = (local.Hour * 60) + local.Minute;
        var day = (int)local.DayOfWeek;
        if (_fromMinute < _toMinute)
        {
            return StartsOn(day) && minute >= _fromMinute && minute < _toMinute;
        }

        // Crossing midnight: the part after midnight belongs to the window that started the day
        // before, so "fri 22:00–06:00" covers Saturday 03:00 but not Friday 03:00.
        var previousDay = (day + 6) % 7;
        return (StartsOn(day) && minute >= _fromMinute) || (StartsOn(previousDay) && minute < _toMinute);
    }

    private bool StartsOn(int day) => (_dayMask & (1 << day)) != 0;
}
