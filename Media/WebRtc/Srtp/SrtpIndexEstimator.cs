namespace SecureStream.Media.WebRtc.Srtp;

/// <summary>
/// The packet index of an SRTP packet from its 16-bit sequence number (RFC 3711 §3.3.1, Appendix A):
/// i = 2^16 * v + SEQ, where v is ROC - 1, ROC or ROC + 1 depending on which lies closest to s_l.
/// </summary>
internal static class SrtpIndexEstimator
{
    private const int HalfRange = 32768;

    /// <summary>
    /// The guessed rollover counter v; -1 when the packet would precede the first rollover, and
    /// 2^32 when it would wrap the counter (both refused by the caller).
    /// </summary>
    public static long EstimateRolloverCounter(uint rolloverCounter, ushort highestSequence, ushort sequence)
    {
        if (highestSequence < HalfRange)
        {
            return sequence - highestSequence > HalfRange ? (long)rolloverCounter - 1 : rolloverCounter;
        }

        return highestSequence - HalfRange > sequence ? (long)rolloverCounter + 1 : rolloverCounter;
    }

    /// <summary>
    /// Advances ROC and s_l after a packet with guessed counter <paramref name="guessed"/> was
    /// authenticated (RFC 3711 §3.3.1: "update ROC and s_l ... only after authentication").
    /// </summary>
    public static void Update(SrtpStreamState state, uint guessed, ushort sequence)
    {
        if (guessed == state.RolloverCounter + 1L)
        {
            state.RolloverCounter = guessed;
            state.HighestSequence = sequence;
        }
        else if (guessed == state.RolloverCounter && sequence > state.HighestSequence)
        {
            state.HighestSequence = sequence;
        }
    }
}
