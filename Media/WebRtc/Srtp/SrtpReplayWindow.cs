namespace SecureStream.Media.WebRtc.Srtp;

/// <summary>
/// The receiver's sliding replay list of RFC 3711 §3.3.2: the highest authenticated index and a
/// 64-bit bitmap of the indices just below it (64 is the minimum window the RFC allows). Checking
/// never changes the window; only <see cref="Accept"/> does, and the caller calls it only after the
/// packet authenticated, so a forged packet can neither move the window nor mark an index as seen.
/// </summary>
internal struct SrtpReplayWindow
{
    public const int Size = 64;

    private ulong _highest;
    private ulong _seen;
    private bool _started;

    /// <summary>Ok when <paramref name="index"/> is new, Replayed when seen, TooOld when behind the window.</summary>
    public readonly SrtpResult Check(ulong index)
    {
        if (!_started || index > _highest)
        {
            return SrtpResult.Ok;
        }

        var behind = _highest - index;
        if (behind >= Size)
        {
            return SrtpResult.TooOld;
        }

        return (_seen & (1UL << (int)behind)) != 0 ? SrtpResult.Replayed : SrtpResult.Ok;
    }

    /// <summary>Records an authenticated index; call only after <see cref="Check"/> said Ok.</summary>
    public void Accept(ulong index)
    {
        if (!_started)
        {
            _started = true;
            _highest = index;
            _seen = 1;
            return;
        }

        if (index > _highest)
        {
            var ahead = index - _highest;
            _seen = ahead >= Size ? 1 : (_seen << (int)ahead) | 1;
            _highest = index;
            return;
        }

        var behind = _highest - index;
        if (behind < Size)
        {
            _seen |= 1UL << (int)behind;
        }
    }
}
