using System.Buffers;
using System.Text;
using CsCheck;
using SecureStream.Media.Rtsp;

namespace SecureStream.Media.Tests.Rtsp;

public sealed class RtspParserPropertyTests
{
    private static readonly byte[] Sample = Encoding.ASCII.GetBytes(
        "RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Type: application/sdp\r\nContent-Length: 4\r\n\r\nv=0\n$\u0000\u0000\u0002ab");

    // Drives the parsers the way the client's read loop does, so every outcome is exercised.
    private static void Drain(byte[] bytes)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        while (!reader.End)
        {
            if (RtspInterleavedFrameParser.IsFrameStart(reader))
            {
                if (!RtspInterleavedFrameParser.TryParse(ref reader, out _, out _))
                {
                    return;
                }
            }
            else if (!RtspMessageParser.TryParseResponse(ref reader, out _, out _))
            {
                return;
            }
        }
    }

    [Fact]
    public void Parsers_ArbitraryBytes_NeverThrow() =>
        Gen.Byte.Array[0, 1024].Sample(Drain, iter: 5000);

    [Fact]
    public void Parsers_MutatedResponse_NeverThrow() =>
        Gen.Select(Gen.Int[0, Sample.Length - 1].Array[1, 6], Gen.Byte.Array[6]).Sample((positions, values) =>
        {
            var bytes = (byte[])Sample.Clone();
            for (var i = 0; i < positions.Length; i++)
            {
                bytes[positions[i]] = values[i];
            }

            Drain(bytes);
        }, iter: 5000);

    [Fact]
    public void ChallengeParser_ArbitraryText_NeverThrows() =>
        Gen.String[Gen.Char["Digest Basic realm=nonce\"\\,=qop algorithm SHA-256 auth"], 0, 200].Sample(text =>
        {
            var auth = new RtspAuthenticator(new RtspCredentials("u", Policy.Secrets.SecretValue.FromText("p")), true);
            if (!auth.OnUnauthorized([text], false).IsRefused)
            {
                Assert.NotNull(auth.CreateAuthorization("DESCRIBE", "rtsp://cam/"));
            }
        }, iter: 5000);
}
