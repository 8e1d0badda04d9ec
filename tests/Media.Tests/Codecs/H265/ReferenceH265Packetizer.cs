using SecureStream.Media.Tests.Rtp;

namespace SecureStream.Media.Tests.Codecs.H265;

/// <summary>A small, independent RFC 7798 packetizer (no DONL) for round-trip tests: APs for small units, FUs for large.</summary>
internal sealed class ReferenceH265Packetizer(int mtu = 1200)
{
    private ushort _sequence = 5000;

    public List<byte[]> Packetize(IReadOnlyList<byte[]> accessUnit, uint timestamp)
    {
        var payloads = new List<byte[]>();
        var pending = new List<byte[]>();
        void Flush()
        {
            if (pending.Count == 1)
            {
                payloads.Add(pending[0]);
            }
            else if (pending.Count > 1)
            {
                // §4.4.2: F is the OR of the units' F bits, LayerId and TID the lowest of theirs.
                var layer = pending.Min(p => ((p[0] & 1) << 5) | (p[1] >> 3));
                var tid = pending.Min(p => p[1] & 7);
                var ap = new List<byte> { (byte)((48 << 1) | (layer >> 5)), (byte)(((layer & 0x1F) << 3) | tid) };
                foreach (var nal in pending)
                {
                    ap.Add((byte)(nal.Length >> 8));
                    ap.Add((byte)nal.Length);
                    ap.AddRange(nal);
                }

                payloads.Add([.. ap]);
            }

            pending.Clear();
        }

        foreach (var nal in accessUnit)
        {
            if (nal.Length <= mtu)
            {
                if (2 + pending.Sum(p => p.Length + 2) + nal.Length + 2 > mtu)
                {
                    Flush();
                }

                pending.Add(nal);
                continue;
            }

            Flush();
            var type = (nal[0] >> 1) & 0x3F;
            byte h0 = (byte)((nal[0] & 0x81) | (49 << 1)), h1 = nal[1];
            var offset = 2;
            while (offset < nal.Length)
            {
                var size = Math.Min(mtu - 3, nal.Length - offset);
                var fu = (byte)(type | (offset == 2 ? 0x80 : 0) | (offset + size == nal.Length ? 0x40 : 0));
                payloads.Add([h0, h1, fu, .. nal.AsSpan(offset, size)]);
                offset += size;
            }
        }

        Flush();
        var packets = new List<byte[]>();
        for (var i = 0; i < payloads.Count; i++)
        {
            packets.Add(RtpPacketBuilder.Build(_sequence++, timestamp, payloads[i], marker: i == payloads.Count - 1));
        }

        return packets;
    }
}
