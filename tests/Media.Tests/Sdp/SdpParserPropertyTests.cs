using System.Text;
using CsCheck;
using SecureStream.Media.Sdp;

namespace SecureStream.Media.Tests.Sdp;

public sealed class SdpParserPropertyTests
{
    [Fact]
    public void TryParse_ArbitraryBytes_NeverThrows() =>
        Gen.Byte.Array[0, 2048].Sample(bytes =>
        {
            if (SdpParser.TryParse(bytes, out var sdp, out _))
            {
                SdpTrackReader.ReadTracks(sdp!);
            }
        }, iter: 5000);

    // Mutations of a real description reach far deeper than random bytes do.
    [Fact]
    public void TryParse_MutatedCameraDescription_NeverThrows()
    {
        var original = Encoding.ASCII.GetBytes(SdpParserTests.CameraSdp);
        Gen.Select(Gen.Int[0, original.Length - 1].Array[1, 8], Gen.Byte.Array[8]).Sample((positions, values) =>
        {
            var bytes = (byte[])original.Clone();
            for (var i = 0; i < positions.Length; i++)
            {
                bytes[positions[i]] = values[i];
            }

            if (SdpParser.TryParse(bytes, out var sdp, out _))
            {
                foreach (var track in SdpTrackReader.ReadTracks(sdp!))
                {
                    _ = track.ToTrackDescription(0);
                }
            }
        }, iter: 5000);
    }
}
