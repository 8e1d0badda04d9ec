using SecureStream.Media.Rtp;

namespace SecureStream.Media.Codecs;

/// <summary>
/// The fragmentation-unit state machine H.264 FU-A (RFC 6184 §5.8) and H.265 FU (RFC 7798
/// §4.4.3) share: a unit starts with the S bit, continues only with fragments of the same type,
/// and completes with the E bit. A continuation without its start, or a start before the previous
/// end, loses the unit and damages the access unit, so nothing incomplete reaches a decoder.
/// </summary>
internal sealed class NalFragmentReassembler(AccessUnitAssembler assembler, RtpTrackCounters counters)
{
    private bool _active;
    private int _type;

    /// <summary>
    /// Takes one fragment. <paramref name="unitHeader"/> is the NAL unit header rebuilt from the
    /// FU indicator and FU header (used on the start fragment only). Returns the completed NAL unit
    /// when this was its end, else empty.
    /// </summary>
    public ReadOnlySpan<byte> Push(bool start, bool end, int type, ReadOnlySpan<byte> unitHeader, ReadOnlySpan<byte> fragment)
    {
        if (start)
        {
            Interrupt();
            _type = type;
            assembler.BeginFragment(unitHeader);
            _active = true;
        }
        else if (!_active || type != _type)
        {
            // A continuation without its start (or of another unit): the start was lost, so the
            // unit is incomplete and so is the access unit.
            _active = false;
            counters.Drop(RtpDropReason.FragmentWithoutStart);
            assembler.Damage(RtpDropReason.IncompleteAccessUnit);
            return default;
        }

        assembler.AppendFragment(fragment);
        if (!end)
        {
            return default;
        }

        _active = false;
        return assembler.EndFragment();
    }

    /// <summary>A new unit began before the fragment ended: its end is missing.</summary>
    public void Interrupt()
    {
        if (_active)
        {
            _active = false;
            assembler.Damage(RtpDropReason.IncompleteAccessUnit);
        }
    }

    /// <summary>Forgets a fragment in progress without counting it (the caller already accounted for the loss).</summary>
    public void Reset() => _active = false;
}
