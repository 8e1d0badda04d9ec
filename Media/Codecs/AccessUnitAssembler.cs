using System.Buffers;
using SecureStream.Media.Frames;
using SecureStream.Media.Rtp;

namespace SecureStream.Media.Codecs;

/// <summary>
/// Collects the NAL units of one access unit in a buffer rented from the shared pool while the
/// access unit is open (a pulled camera's keyframes grow it past 100 KB, and holding one per
/// camera for the life of the pull cost more than the frames themselves: docs/benchmarks/camera-memory.md),
/// then copies them once into a right-sized array that the immutable <see cref="MediaFrame"/>
/// shares with every viewer. Enforces <see cref="AccessUnitLimits"/>; a damaged access unit (lost or
/// interleaved packets, oversize) is dropped whole when it closes, and counted once.
/// </summary>
internal sealed class AccessUnitAssembler
{
    private const int InitialCapacity = 64 * 1024;

    private readonly RtpTrackCounters _counters;
    private readonly AccessUnitLimits _limits;
    private readonly List<(int Start, int Length)> _units = [];
    private byte[] _buffer = [];
    private int _length;
    private int _fragmentStart = -1;
    private RtpDropReason? _damage;

    public AccessUnitAssembler(RtpTrackCounters counters, AccessUnitLimits limits)
    {
        _counters = counters;
        _limits = limits;
    }

    public bool IsOpen { get; private set; }

    public long Timestamp { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    public bool IsDamaged => _damage is not null;

    public bool InFragment => _fragmentStart >= 0;

    public int UnitCount => _units.Count;

    public ReadOnlySpan<byte> Unit(int index)
    {
        var (start, length) = _units[index];
        return _buffer.AsSpan(start, length);
    }

    public void Open(long timestamp, DateTimeOffset receivedAt)
    {
        Reset();
        IsOpen = true;
        Timestamp = timestamp;
        ReceivedAt = receivedAt;
    }

    /// <summary>Marks the open access unit as lost; the first reason is the one counted when it closes.</summary>
    public void Damage(RtpDropReason reason)
    {
        _damage ??= reason;
        _fragmentStart = -1;
        if (reason == RtpDropReason.OversizedAccessUnit)
        {
            // Let go of the data now; nothing more is kept until the access unit ends.
            _length = 0;
            _units.Clear();
        }
    }

    /// <summary>Adds a complete NAL unit; false when the access unit is damaged or just went over a limit.</summary>
    public bool AddUnit(ReadOnlySpan<byte> unit)
    {
        if (_damage is not null)
        {
            return false;
        }

        if (_units.Count >= _limits.MaxUnitsPerAccessUnit || !TryReserve(unit.Length))
        {
            Damage(RtpDropReason.OversizedAccessUnit);
            return false;
        }

        unit.CopyTo(_buffer.AsSpan(_length));
        _units.Add((_length, unit.Length));
        _length += unit.Length;
        return true;
    }

    /// <summary>Starts a fragmented NAL unit with its reconstructed header.</summary>
    public void BeginFragment(ReadOnlySpan<byte> header)
    {
        if (_damage is not null)
        {
            return;
        }

        _fragmentStart = _length;
        AppendFragment(header);
    }

    public void AppendFragment(ReadOnlySpan<byte> data)
    {
        if (_damage is not null || _fragmentStart < 0)
        {
            return;
        }

        if (!TryReserve(data.Length))
        {
            Damage(RtpDropReason.OversizedAccessUnit);
            return;
        }

        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
    }

    /// <summary>Closes the fragment as one NAL unit; returns it, or empty when the access unit is damaged.</summary>
    public ReadOnlySpan<byte> EndFragment()
    {
        if (_damage is not null || _fragmentStart < 0)
        {
            return default;
        }

        if (_units.Count >= _limits.MaxUnitsPerAccessUnit)
        {
            Damage(RtpDropReason.OversizedAccessUnit);
            return default;
        }

        var start = _fragmentStart;
        _fragmentStart = -1;
        _units.Add((start, _length - start));
        return _buffer.AsSpan(start, _length - start);
    }

    /// <summary>
    /// Closes the access unit. Returns the frame, or null when it was empty or damaged (then counted).
    /// <paramref name="prefix"/> (e.g. parameter sets a keyframe lacks) is inserted before unit
    /// <paramref name="prefixIndex"/> without copying: those arrays are never written again.
    /// </summary>
    public MediaFrame? Close(
        int trackId,
        MediaCodec codec,
        bool keyframe,
        IReadOnlyList<ReadOnlyMemory<byte>>? prefix = null,
        int prefixIndex = 0)
    {
        if (!IsOpen)
        {
            return null;
        }

        if (_fragmentStart >= 0)
        {
            // The access unit ended inside a fragment: its end never arrived.
            Damage(RtpDropReason.IncompleteAccessUnit);
        }

        if (_damage is { } reason)
        {
            _counters.Drop(reason);
            Reset();
            return null;
        }

        if (_units.Count == 0)
        {
            Reset();
            return null;
        }

        var data = _buffer.AsSpan(0, _length).ToArray();
        var prefixCount = prefix?.Count ?? 0;
        var units = new ReadOnlyMemory<byte>[_units.Count + prefixCount];
        var insertAt = Math.Clamp(prefixIndex, 0, _units.Count);
        var at = 0;
        for (var i = 0; i <= _units.Count; i++)
        {
            if (i == insertAt)
            {
                for (var p = 0; p < prefixCount; p++)
                {
                    units[at++] = prefix![p];
                }
            }

            if (i < _units.Count)
            {
                var (start, length) = _units[i];
                units[at++] = new ReadOnlyMemory<byte>(data, start, length);
            }
        }

        var frame = new MediaFrame(trackId, codec, Timestamp, keyframe, units, ReceivedAt);
        _counters.AddFrame(keyframe);
        Reset();
        return frame;
    }

    private bool TryReserve(int count)
    {
        var needed = (long)_length + count;
        if (needed > _limits.MaxAccessUnitSize)
        {
            return false;
        }

        if (needed > _buffer.Length)
        {
            var size = (int)Math.Min(Math.Max(needed, Math.Max((long)_buffer.Length * 2, InitialCapacity)), _limits.MaxAccessUnitSize);
            var grown = ArrayPool<byte>.Shared.Rent(size);
            _buffer.AsSpan(0, _length).CopyTo(grown);
            ReturnBuffer();
            _buffer = grown;
        }

        return true;
    }

    private void Reset()
    {
        IsOpen = false;
        _units.Clear();
        _length = 0;
        _fragmentStart = -1;
        _damage = null;
        ReturnBuffer();
    }

    // Between access units nothing refers to the buffer (Unit and EndFragment spans are read
    // before Close), so it goes back to the pool for the next camera's access unit.
    private void ReturnBuffer()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
