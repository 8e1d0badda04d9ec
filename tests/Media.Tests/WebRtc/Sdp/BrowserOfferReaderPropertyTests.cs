using System.Text;
using CsCheck;
using SecureStream.Media.WebRtc.Sdp;

namespace SecureStream.Media.Tests.WebRtc.Sdp;

public sealed class BrowserOfferReaderPropertyTests
{
    [Fact]
    public void Read_ArbitraryText_NeverThrows() =>
        Gen.String[0, 4096].Sample(text =>
        {
            foreach (var role in (ReadOnlySpan<BrowserSdpRole>)[BrowserSdpRole.Offer, BrowserSdpRole.Answer])
            {
                var result = BrowserOfferReader.Read(text, role);
                Assert.True(result.IsValid || result.Reason is not null);
            }
        }, iter: 3000);

    // Mutating a real offer reaches the checks past the parser (mids, BUNDLE, ICE, fingerprint, setup)
    // and the codec matcher and answer writer behind them.
    [Fact]
    public void Read_MutatedChromiumOffer_NeverThrowsAndAnswersParse()
    {
        var original = Encoding.ASCII.GetBytes(ChromiumOffers.Offer);
        var local = SdpTestData.Local(SdpTestData.H264Video, SdpTestData.PcmuAudio);
        Gen.Select(Gen.Int[0, original.Length - 1].Array[1, 6], Gen.Byte[32, 126].Array[6]).Sample((positions, values) =>
        {
            var bytes = (byte[])original.Clone();
            for (var i = 0; i < positions.Length; i++)
            {
                bytes[positions[i]] = values[i];
            }

            var result = BrowserOfferReader.Read(bytes, BrowserSdpRole.Offer);
            if (!result.IsValid)
            {
                Assert.NotNull(result.Reason);
                return;
            }

            var match = CodecMatcher.Match([SdpTestData.H264Video, SdpTestData.PcmuAudio], result.Description);
            if (match.IsMatched)
            {
                var answer = WhepAnswerWriter.Write(result.Description, match, local);
                Assert.True(SecureStream.Media.Sdp.SdpParser.TryParse(Encoding.UTF8.GetBytes(answer), out _, out var error), error.ToString());
            }
        }, iter: 3000);
    }
}
