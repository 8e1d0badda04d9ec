namespace SecureStream.Media.Transcoding.MpegTs;

/// <summary>
/// Reads the one elementary stream of an MPEG-2 transport stream (ISO/IEC 13818-1) written by a
/// boxed ffmpeg: PAT and PMT (CRC-checked), then PES packets reassembled from 188-byte packets.
/// </summary>
/// <remarks>
/// The input is treated as hostile (ffmpeg decoded a camera's stream): every length is checked
/// before use, a PES may hold at most <see cref="MaxPesBytes"/>, nothing else is buffered beyond
/// one partial packet, and whatever does not parse is dropped and counted in
/// <see cref="Malformed"/> (the transcoder restarts ffmpeg when that count climbs). A PES whose
/// length field is set is handed on as soon as it is complete; one with length 0 when the next
/// starts or at <see cref="Flush"/>.
/// </remarks>
internal sealed class MpegTsReader
{
    private const int PacketSize = MpegTsWriter.PacketSize;
    private readonly byte[] _partial = new byte[PacketSize];
    private readonly int _maxPesBytes;
    private int _partialLength;
    private int _pmtPid = -1;
    private int _esPid = -1;
    private byte _streamType;
    private bool _isOpus;
    private byte[] _pes = [];
    private int _pesLength;
    private int _pesExpected;
    private bool _pesActive;
    private int _lastCounter = -1;

    /// <param name="maxPesBytes">The largest PES kept (a frame); larger ones are dropped and counted.</param>
    public MpegTsReader(int maxPesBytes)
    {
        _maxPesBytes = maxPesBytes;
    }

    /// <summary>Default bound on one PES: a 4K H.264 keyframe fits with room to spare.</summary>
    public const int MaxPesBytes = 4 << 20;

    /// <summary>Packets, sections and PES packets dropped because they did not parse.</summary>
    public long Malformed { get; private set; }

    /// <summary>The stream type of the elementary stream, once the PMT named it (0 before).</summary>
    public byte StreamType => _streamType;

    /// <summary>Consumes <paramref name="data"/> (any chunking) and adds each complete PES to <paramref name="output"/>.</summary>
    public void Push(ReadOnlySpan<byte> data, ICollection<MpegTsPes> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_partialLength > 0)
        {
            var take = Math.Min(PacketSize - _partialLength, data.Length);
            data[..take].CopyTo(_partial.AsSpan(_partialLength));
            _partialLength += take;
            data = data[take..];
            if (_partialLength < PacketSize)
            {
                return;
            }

            _partialLength = 0;
            ReadPacket(_partial, output);
        }

        while (!data.IsEmpty)
        {
            if (data[0] != 0x47)
            {
                // Lost sync: skip to the next sync byte, counting the loss once.
                Malformed++;
                var next = data.IndexOf((byte)0x47);
                if (next < 0)
                {
                    return;
                }

                data = data[next..];
                continue;
            }

            if (data.Length < PacketSize)
            {
                data.CopyTo(_partial);
                _partialLength = data.Length;
                return;
            }

            ReadPacket(data[..PacketSize], output);
            data = data[PacketSize..];
        }
    }

    /// <summary>The stream ended: hands on a pending PES of unstated length.</summary>
    public void Flush(ICollection<MpegTsPes> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_pesActive && _pesExpected == 0)
        {
            EmitPes(output);
        }

        _pesActive = false;
    }

    private void ReadPacket(ReadOnlySpan<byte> packet, ICollection<MpegTsPes> output)
    {
        if ((packet[1] & 0x80) != 0)
        {
            Malformed++; // transport_error_indicator
            return;
        }

        var unitStart = (packet[1] & 0x40) != 0;
        var pid = ((packet[1] & 0x1F) << 8) | packet[2];
        var control = (packet[3] >> 4) & 0x03;
        var counter = packet[3] & 0x0F;
        var at = 4;
        if ((control & 0x02) != 0)
        {
            var adaptation = packet[4];
            at = 5 + adaptation;
            if (at > PacketSize)
            {
                Malformed++;
                return;
            }
        }

        if ((control & 0x01) == 0 || pid == 0x1FFF)
        {
            return; // adaptation only, or a null packet
        }

        var payload = packet[at..];
        if (pid == 0)
        {
            ReadPat(payload, unitStart);
        }
        else if (pid == _pmtPid)
        {
            ReadPmt(payload, unitStart);
        }
        else if (pid == _esPid)
        {
            ReadEs(payload, unitStart, counter, output);
        }
    }

    private void ReadPat(ReadOnlySpan<byte> payload, bool unitStart)
    {
        if (!TrySection(payload, unitStart, 0x00, out var body))
        {
            return;
        }

        for (var i = 0; i + 4 <= body.Length; i += 4)
        {
            var program = (body[i] << 8) | body[i + 1];
            if (program != 0)
            {
                _pmtPid = ((body[i + 2] & 0x1F) << 8) | body[i + 3];
                return;
            }
        }
    }

    private void ReadPmt(ReadOnlySpan<byte> payload, bool unitStart)
    {
        if (!TrySection(payload, unitStart, 0x02, out var body) || body.Length < 4)
        {
            return;
        }

        var programInfo = ((body[2] & 0x0F) << 8) | body[3];
        var at = 4 + programInfo;
        while (at + 5 <= body.Length)
        {
            var type = body[at];
            var pid = ((body[at + 1] & 0x1F) << 8) | body[at + 2];
            var infoLength = ((body[at + 3] & 0x0F) << 8) | body[at + 4];
            if (at + 5 + infoLength > body.Length)
            {
                Malformed++;
                return;
            }

            var descriptors = body.Slice(at + 5, infoLength);
            var opus = type == MpegTsStreamType.PrivateData && HasOpusRegistration(descriptors);
            if (type is MpegTsStreamType.H264 or MpegTsStreamType.H265 or MpegTsStreamType.AacAdts || opus)
            {
                if (pid != _esPid)
                {
                    _esPid = pid;
                    _pesActive = false;
                    _lastCounter = -1;
                }

                _streamType = type;
                _isOpus = opus;
                return;
            }

            at += 5 + infoLength;
        }
    }

    private static bool HasOpusRegistration(ReadOnlySpan<byte> descriptors)
    {
        while (descriptors.Length >= 2)
        {
            var tag = descriptors[0];
            var length = descriptors[1];
            if (2 + length > descriptors.Length)
            {
                return false;
            }

            if (tag == 0x05 && length >= 4 && descriptors.Slice(2, 4).SequenceEqual("Opus"u8))
            {
                return true;
            }

            descriptors = descriptors[(2 + length)..];
        }

        return false;
    }

    /// <summary>A whole PSI section in this packet (all ffmpeg writes for one stream), CRC-checked; its body after the 8-byte header.</summary>
    private bool TrySection(ReadOnlySpan<byte> payload, bool unitStart, byte tableId, out ReadOnlySpan<byte> body)
    {
        body = default;
        if (!unitStart || payload.IsEmpty)
        {
            return false;
        }

        var pointer = payload[0];
        if (1 + pointer + 3 > payload.Length)
        {
            Malformed++;
            return false;
        }

        var section = payload[(1 + pointer)..];
        if (section[0] != tableId)
        {
            return false;
        }

        var length = ((section[1] & 0x0F) << 8) | section[2];
        if (length < 9 || 3 + length > section.Length)
        {
            Malformed++;
            return false;
        }

        section = section[..(3 + length)];
        if (MpegTsCrc32.Compute(section) != 0)
        {
            Malformed++;
            return false;
        }

        body = section[8..^4];
        return true;
    }

    private void ReadEs(ReadOnlySpan<byte> payload, bool unitStart, int counter, ICollection<MpegTsPes> output)
    {
        var expectedCounter = (_lastCounter + 1) & 0x0F;
        var continuous = _lastCounter < 0 || counter == expectedCounter;
        _lastCounter = counter;
        if (unitStart)
        {
            if (_pesActive && _pesExpected == 0)
            {
                EmitPes(output);
            }
            else if (_pesActive)
            {
                Malformed++; // a stated length that was never reached
            }

            _pesActive = true;
            _pesLength = 0;
            _pesExpected = 0;
        }
        else if (!continuous && _pesActive)
        {
            Malformed++;
            _pesActive = false;
            return;
        }

        if (!_pesActive)
        {
            return;
        }

        if (_pesLength + payload.Length > _maxPesBytes)
        {
            Malformed++;
            _pesActive = false;
            return;
        }

        if (_pes.Length < _pesLength + payload.Length)
        {
            Array.Resize(ref _pes, Math.Min(_maxPesBytes, Math.Max(_pes.Length * 2, _pesLength + payload.Length + 4096)));
        }

        payload.CopyTo(_pes.AsSpan(_pesLength));
        _pesLength += payload.Length;
        if (unitStart && _pesLength >= 6)
        {
            var stated = (_pes[4] << 8) | _pes[5];
            _pesExpected = stated == 0 ? 0 : stated + 6;
        }

        if (_pesExpected > 0 && _pesLength >= _pesExpected)
        {
            _pesLength = _pesExpected;
            EmitPes(output);
            _pesActive = false;
        }
    }

    private void EmitPes(ICollection<MpegTsPes> output)
    {
        var pes = _pes.AsSpan(0, _pesLength);
        if (pes.Length < 9 || pes[0] != 0 || pes[1] != 0 || pes[2] != 1)
        {
            Malformed++;
            return;
        }

        var headerLength = pes[8];
        if (9 + headerLength > pes.Length)
        {
            Malformed++;
            return;
        }

        long? pts = null;
        if ((pes[7] & 0x80) != 0)
        {
            if (headerLength < 5)
            {
                Malformed++;
                return;
            }

            pts = ((long)(pes[9] & 0x0E) << 29) | ((long)pes[10] << 22) | ((long)(pes[11] & 0xFE) << 14) | ((long)pes[12] << 7) | ((long)pes[13] >> 1);
        }

        output.Add(new MpegTsPes(_streamType, _isOpus, pts, pes[(9 + headerLength)..].ToArray()));
    }
}
