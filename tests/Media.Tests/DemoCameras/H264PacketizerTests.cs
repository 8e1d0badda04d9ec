using SecureStream.DemoCameras;
using SecureStream.Media.Codecs;
using SecureStream.Media.Codecs.H264;

namespace SecureStream.Media.Tests.DemoCameras;

public sealed class H264PacketizerTests
{
    [Fact]
    public void Packetize_SmallNalUnits_AreSingleNalPackets()
    {
        byte[] sps = [0x67, 0x42, 0xC0, 0x1E];
        byte[] slice = [0x65, 0x88, 0x84];

        var payloads = H264Packetizer.Packetize([sps, slice]);

        Assert.Equal(2, payloads.Length);
        Assert.Equal(sps, payloads[0].ToArray());
        Assert.Equal(slice, payloads[1].ToArray());
    }

    [Fact]
    public void Packetize_LargeNalUnit_IsFuAFragmentsThatReassemble()
    {
        var nal = new byte[3000];
        nal[0] = 0x65; // NRI 3, IDR slice
        for (var i = 1; i < nal.Length; i++)
        {
            nal[i] = (byte)i;
        }

        var payloads = H264Packetizer.Packetize([nal], maxPayload: 1200);

        Assert.Equal(3, payloads.Length);
        Assert.All(payloads, p => Assert.InRange(p.Length, 3, 1200));
        Assert.All(payloads, p => Assert.Equal(0x60 | H264NalType.FuA, p.Span[0]));
        Assert.Equal(0x80 | 5, payloads[0].Span[1]);
        Assert.Equal(5, payloads[1].Span[1]);
        Assert.Equal(0x40 | 5, payloads[2].Span[1]);
        var rebuilt = new List<byte> { (byte)((payloads[0].Span[0] & 0xE0) | (payloads[0].Span[1] & 0x1F)) };
        foreach (var p in payloads)
        {
            rebuilt.AddRange(p.Span[2..].ToArray());
        }

        Assert.Equal(nal, rebuilt);
    }

    [Fact]
    public void AnnexB_ThreeAndFourByteStartCodes_WithoutDelimiters_GroupByFirstSlice()
    {
        byte[] stream =
        [
            0, 0, 0, 1, 0x67, 0x42, 0, // SPS (its trailing zero belongs to the next start code)
            0, 0, 1, 0x68, 0xCE,
            0, 0, 1, 0x65, 0x88, 0x10,  // IDR, first_mb_in_slice = 0
            0, 0, 1, 0x65, 0x20, 0x10,  // second slice of the same picture
            0, 0, 0, 1, 0x41, 0x9A,     // next picture
        ];

        var units = AnnexBReader.SplitNalUnits(stream);
        var accessUnits = AnnexBReader.GroupAccessUnits(units);

        Assert.Equal(5, units.Count);
        Assert.Equal(new byte[] { 0x67, 0x42 }, units[0].ToArray());
        Assert.Equal([4, 1], accessUnits.Select(a => a.Count));
    }
}
