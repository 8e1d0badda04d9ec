namespace SecureStream.Media.Codecs;

/// <summary>
/// Reads bits most-significant first from an RBSP (emulation prevention already removed),
/// including Exp-Golomb codes (ITU-T H.264 §9.1, H.265 §9.2). Reading past the end never throws:
/// it returns zeros and sets <see cref="IsOverrun"/>, which the parser checks before trusting
/// anything it read; a malformed Exp-Golomb code (more than 31 leading zeros) does the same.
/// </summary>
internal ref struct BitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private long _position;

    public BitReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
        IsOverrun = false;
    }

    public bool IsOverrun { get; private set; }

    /// <summary>Bits read (or skipped) so far.</summary>
    public readonly long Position => _position;

    public readonly long BitsLeft => Math.Max(0, ((long)_data.Length * 8) - _position);

    public uint ReadBit() => ReadBits(1);

    public bool ReadFlag() => ReadBits(1) != 0;

    /// <summary>Reads up to 32 bits.</summary>
    public uint ReadBits(int count)
    {
        if (count > BitsLeft)
        {
            IsOverrun = true;
            _position = (long)_data.Length * 8;
            return 0;
        }

        uint value = 0;
        for (var i = 0; i < count; i++)
        {
            var bit = (_data[(int)(_position >> 3)] >> (7 - (int)(_position & 7))) & 1;
            value = (value << 1) | (uint)bit;
            _position++;
        }

        return value;
    }

    public void Skip(long count)
    {
        if (count > BitsLeft)
        {
            IsOverrun = true;
            _position = (long)_data.Length * 8;
            return;
        }

        _position += count;
    }

    /// <summary>ue(v): unsigned Exp-Golomb.</summary>
    public uint ReadUe()
    {
        var leadingZeros = 0;
        while (ReadBit() == 0)
        {
            if (IsOverrun || ++leadingZeros > 31)
            {
                IsOverrun = true;
                return 0;
            }
        }

        if (IsOverrun)
        {
            return 0;
        }

        return (uint)(((1UL << leadingZeros) - 1) + ReadBits(leadingZeros));
    }

    /// <summary>se(v): signed Exp-Golomb.</summary>
    public int ReadSe()
    {
        var k = ReadUe();
        return (k & 1) != 0 ? (int)((k + 1) / 2) : -(int)(k / 2);
    }

    /// <summary>Copies a NAL unit payload into an RBSP, removing each emulation prevention byte (00 00 03).</summary>
    public static byte[] ToRbsp(ReadOnlySpan<byte> nal)
    {
        var rbsp = new byte[nal.Length];
        var length = 0;
        var zeros = 0;
        foreach (var b in nal)
        {
            if (zeros >= 2 && b == 0x03)
            {
                zeros = 0;
                continue;
            }

            zeros = b == 0 ? zeros + 1 : 0;
            rbsp[length++] = b;
        }

        return length == rbsp.Length ? rbsp : rbsp.AsSpan(0, length).ToArray();
    }
}
