namespace SecureStream.Media.WebRtc.Srtp;

/// <summary>
/// Outcomes per operation, counted instead of logged (the data plane never logs per packet); a
/// reporter reads them once per interval. Safe to read from any thread while packets are processed.
/// </summary>
internal sealed class SrtpCounters
{
    private static readonly int ResultCount = Enum.GetValues<SrtpResult>().Length;

    private readonly long[] _counts = new long[Enum.GetValues<SrtpOperation>().Length * ResultCount];

    public long Get(SrtpOperation operation, SrtpResult result) =>
        Interlocked.Read(ref _counts[((int)operation * ResultCount) + (int)result]);

    internal SrtpResult Count(SrtpOperation operation, SrtpResult result)
    {
        Interlocked.Increment(ref _counts[((int)operation * ResultCount) + (int)result]);
        return result;
    }
}
