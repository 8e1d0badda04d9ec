using SecureStream.Media.WebRtc.Dtls;

namespace SecureStream.Media.Tests.WebRtc.Dtls;

public sealed class DtlsDatagramFilterTests
{
    private const int Max = 1500;

    public static TheoryData<string, byte[], string> Cases => new()
    {
        { "empty", [], nameof(DtlsDatagramVerdict.Malformed) },
        { "shorter than a header", new byte[12], nameof(DtlsDatagramVerdict.Malformed) },
        { "oversized", new byte[Max + 1], nameof(DtlsDatagramVerdict.Oversized) },
        { "handshake record", DtlsServerSessionTests.Record(22, 0, 0, [1, 0, 0, 0]), nameof(DtlsDatagramVerdict.Accept) },
        { "two records", [.. DtlsServerSessionTests.Record(20, 0, 0, [1]), .. DtlsServerSessionTests.Record(22, 1, 0, new byte[40])], nameof(DtlsDatagramVerdict.Accept) },
        { "length past the end", DtlsServerSessionTests.Record(22, 0, 0, new byte[40])[..30], nameof(DtlsDatagramVerdict.Malformed) },
        { "trailing bytes", [.. DtlsServerSessionTests.Record(22, 0, 0, new byte[4]), 0x16], nameof(DtlsDatagramVerdict.Malformed) },
        { "content type 19", DtlsServerSessionTests.Record(19, 0, 0, [1]), nameof(DtlsDatagramVerdict.Malformed) },
        { "content type 24 (heartbeat)", DtlsServerSessionTests.Record(24, 0, 0, [1]), nameof(DtlsDatagramVerdict.Malformed) },
        { "TLS version", WithVersionMajor(DtlsServerSessionTests.Record(22, 0, 0, [1]), 3), nameof(DtlsDatagramVerdict.Malformed) },
        { "STUN", [0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], nameof(DtlsDatagramVerdict.Malformed) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classify_DuringHandshake(string name, byte[] datagram, string expected)
    {
        Assert.True(expected == DtlsDatagramFilter.Classify(datagram, Max, handshakeComplete: false).ToString(), name);
    }

    [Fact]
    public void Classify_ClientHelloBeforeTheHandshakeCompletes_Accepted()
    {
        var clientHello = DtlsServerSessionTests.Record(22, 0, 0, [1, 0, 0, 10]);

        Assert.Equal(DtlsDatagramVerdict.Accept, DtlsDatagramFilter.Classify(clientHello, Max, handshakeComplete: false));
    }

    [Fact]
    public void Classify_ClientHelloAfterTheHandshake_Refused()
    {
        var clientHello = DtlsServerSessionTests.Record(22, 0, 5, [1, 0, 0, 10]);

        Assert.Equal(DtlsDatagramVerdict.ClientHelloAfterHandshake, DtlsDatagramFilter.Classify(clientHello, Max, handshakeComplete: true));
    }

    [Fact]
    public void Classify_ClientHelloBehindAnotherRecordAfterTheHandshake_Refused()
    {
        byte[] datagram = [.. DtlsServerSessionTests.Record(23, 1, 0, new byte[30]), .. DtlsServerSessionTests.Record(22, 0, 5, [1, 0, 0, 10])];

        Assert.Equal(DtlsDatagramVerdict.ClientHelloAfterHandshake, DtlsDatagramFilter.Classify(datagram, Max, handshakeComplete: true));
    }

    [Fact]
    public void Classify_EncryptedHandshakeAfterTheHandshake_Accepted()
    {
        // A retransmitted Finished (epoch 1) is legitimate; DTLS decides what to do with it.
        var finished = DtlsServerSessionTests.Record(22, 1, 0, [1, 2, 3, 4, 5, 6, 7, 8]);

        Assert.Equal(DtlsDatagramVerdict.Accept, DtlsDatagramFilter.Classify(finished, Max, handshakeComplete: true));
    }

    [Fact]
    public void Classify_RandomInput_NeverThrows()
    {
        var random = new Random(1234);
        for (var i = 0; i < 20_000; i++)
        {
            var datagram = new byte[random.Next(0, 200)];
            random.NextBytes(datagram);
            if (datagram.Length > 1)
            {
                datagram[1] = 0xFE;
            }

            _ = DtlsDatagramFilter.Classify(datagram, Max, handshakeComplete: random.Next(2) == 0);
        }
    }

    private static byte[] WithVersionMajor(byte[] record, byte major)
    {
        record[1] = major;
        return record;
    }
}
