using SecureStream.Media.Tests.Rtp;

namespace SecureStream.Media.Tests.Codecs.H264;

/// <summary>
/// A small, independent RFC 6184 packetizer (non-interleaved mode) for round-trip tests:
/// small units are aggregated into STAP-A when allowed, large ones split into FU-A.
/// </summary>
internal sealed class ReferenceH264Packetizer(int mtu = 1200, bool aggregate = true)
{
    private ushort _sequence = 1000;

    public List<byte[]> Packetize(IReadOnlyList<byte[]> accessUnit, uint timestamp)
    {
        var payloads = new List<byte[]>();
        var pending = new List<byte[]>();
        void FlushStap()
        {
            if (pending.Count == 1)
            {
                payloads.Add(pending[0]);
            }
            else if (pending.Count > 1)
            {
                var stap = new List<byte> { (byte)((pending.Max(p => p[0] & 0x60)) | 24) };
                foreach (var nal in pending)
                {
                    stap.Add((byte)(nal.Length >> 8));
                    stap.Add((byte)nal.Length);
                    stap.AddRange(nal);
                }

                payloads.Add([.. stap]);
            }

            pending.Clear();
        }

        foreach (var nal in accessUnit)
        {
            if (nal.Length <= mtu)
            {
                if (aggregate && 1 + pending.Sum(p => p.Length + 2) + nal.Length + 2 <= mtu)
                {
                    pending.Add(nal);
                    continue;
                }

                FlushStap();
                if (aggregate)
                {
                    pending.Add(nal);
                }
                else
                {
                    payloads.Add(nal);
                }

                continue;
            }

            FlushStap();
            var indicator = (byte)((nal[0] & 0xE0) | 28);
            var type = nal[0] & 0x1F;
            var offset = 1;
            while (offset < nal.Length)
            {
                var size = Math.Min(mtu - 2, nal.Length - offset);
                var header = (byte)(type | (offset == 1 ? 0x80 : 0) | (offset + size == nal.Length ? 0x40 : 0));
                payloads.Add([indicator, header, .. nal.AsSpan(offset, size)]);
                offset += size;
            }
        }

        FlushStap();
        var packets = new List<byte[]>();
        for (var i = 0; i < payloads.Count; i++)
        {
            packets.Add(RtpPacketBuilder.Build(_sequence++, timestamp, payloads[i], marker: i == payloads.Count - 1));
        }

        return packets;
    }
}
