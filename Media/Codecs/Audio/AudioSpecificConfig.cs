namespace SecureStream.Media.Codecs.Audio;

/// <summary>
/// The parts of an MPEG-4 AudioSpecificConfig (ISO 14496-3 §1.6.2.1) the gateway needs: object
/// type, core sample rate, channels and samples per frame, for the AAC object types whose
/// GASpecificConfig (§4.4.1) it can measure (AAC Main, LC, SSR, LTP, optionally wrapped in explicit
/// SBR/PS signalling). LATM (RFC 6416) carries the config inside a bit stream without a length, so
/// knowing where it ends means reading all of it; anything else is refused rather than guessed.
/// </summary>
/// <param name="ObjectType">The first object type signalled (5 = SBR, 29 = PS), as RFC 6381 names the codec.</param>
/// <param name="SampleRate">The core AAC sample rate in Hz.</param>
/// <param name="Channels">From channelConfiguration 1–7 (7 is eight channels).</param>
/// <param name="SamplesPerFrame">1024, or 960 when frameLengthFlag is set.</param>
internal sealed record AudioSpecificConfig(int ObjectType, int SampleRate, int Channels, int SamplesPerFrame)
{
    private static readonly int[] Rates = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    /// <summary>The samplingFrequencyIndex (§1.6.3.4) of <paramref name="rate"/>; −1 when the table has no entry for it.</summary>
    public static int FrequencyIndexOf(int rate) => Array.IndexOf(Rates, rate);

    /// <summary>RFC 6381 codec string, e.g. <c>mp4a.40.2</c> for AAC-LC.</summary>
    public string CodecString => $"mp4a.40.{ObjectType}";

    /// <summary>Reads a config that stands alone (RFC 3640 <c>config</c>); null as for <see cref="Read"/>.</summary>
    public static AudioSpecificConfig? Parse(ReadOnlySpan<byte> config)
    {
        var reader = new BitReader(config);
        return Read(ref reader);
    }

    /// <summary>Reads one config at the reader's position; null when it is malformed, truncated or of an object type not measured here.</summary>
    public static AudioSpecificConfig? Read(ref BitReader reader)
    {
        var objectType = ReadObjectType(ref reader);
        var coreType = objectType;
        var rate = ReadRate(ref reader);
        var channelConfiguration = (int)reader.ReadBits(4);
        if (objectType is 5 or 29)
        {
            // Explicit SBR/PS: the extension rate, then the core object type.
            ReadRate(ref reader);
            coreType = ReadObjectType(ref reader);
        }

        if (coreType is not (1 or 2 or 3 or 4) || channelConfiguration is 0 or > 7 || rate <= 0)
        {
            // Channel configuration 0 needs a program_config_element, not parsed here.
            return null;
        }

        var frameLengthFlag = reader.ReadFlag();
        if (reader.ReadFlag())
        {
            // dependsOnCoreCoder: coreCoderDelay.
            reader.Skip(14);
        }

        if (reader.ReadFlag())
        {
            // extensionFlag: for object types 1–4 only extensionFlag3 follows.
            reader.Skip(1);
        }

        return reader.IsOverrun
            ? null
            : new AudioSpecificConfig(objectType, rate, channelConfiguration == 7 ? 8 : channelConfiguration, frameLengthFlag ? 960 : 1024);
    }

    /// <summary>Copies bits [<paramref name="start"/>, <paramref name="end"/>) of <paramref name="data"/> into bytes, left-aligned, zero-padded.</summary>
    public static byte[] CopyBits(ReadOnlySpan<byte> data, long start, long end)
    {
        var bits = end - start;
        var bytes = new byte[(bits + 7) / 8];
        var reader = new BitReader(data);
        reader.Skip(start);
        for (var i = 0; i < bytes.Length; i++)
        {
            var take = (int)Math.Min(8, bits - (i * 8L));
            bytes[i] = (byte)(reader.ReadBits(take) << (8 - take));
        }

        return bytes;
    }

    private static int ReadObjectType(ref BitReader reader)
    {
        var type = (int)reader.ReadBits(5);
        return type == 31 ? 32 + (int)reader.ReadBits(6) : type;
    }

    private static int ReadRate(ref BitReader reader)
    {
        var index = (int)reader.ReadBits(4);
        return index switch
        {
            < 13 => Rates[index],
            15 => (int)reader.ReadBits(24),
            _ => 0,
        };
    }
}
