namespace SecureStream.Proxy.Tests.Functional.Infrastructure;

/// <summary>
/// "Exactly once" as these tests check it: wait (bounded) for the first matching event, then a
/// moment more for a second one that must not come, then assert there is one. Stopping at the
/// first match would pass a gateway that sends every closing webhook or writes every record twice.
/// </summary>
internal static class ExactlyOnce
{
    /// <summary>
    /// How long to keep looking after the first. A duplicate comes from a second path ending the
    /// same thing (the origin's timer and the front door's sweep, a DELETE and a close_notify), each
    /// within milliseconds of the first; a slower duplicate is not claimed to be caught.
    /// </summary>
    public static readonly TimeSpan Moment = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The one item <paramref name="read"/> returns once it returns any; fails naming
    /// <paramref name="what"/> when none arrives within <paramref name="timeoutMs"/> or more than one is there.
    /// </summary>
    public static async Task<T> SingleAsync<T>(Func<IEnumerable<T>> read, string what, int timeoutMs = 10_000)
    {
        Assert.True(await GatewayUnderTest.EventuallyAsync(() => read().Any(), timeoutMs), $"no {what} within {timeoutMs} ms");
        await Task.Delay(Moment);
        var all = read().ToList();
        Assert.True(all.Count == 1, $"{all.Count} of {what}; expected exactly one");
        return all[0];
    }
}
