using System.Buffers.Binary;
using SecureStream.Media.WebRtc.Srtp;
using static SecureStream.Media.Tests.WebRtc.Srtp.SrtpTestData;

namespace SecureStream.Media.Tests.WebRtc.Srtp;

public sealed class SrtpContextTests
{
    public static TheoryData<string> ProfileNames => new(Profiles.Select(p => p.ToString()));

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void ProtectRtp_GatewayToBrowser_RoundTripsAndKeepsHeaderClear(string profileName)
    {
        var (gateway, browser) = Pair(Enum.Parse<SrtpProtectionProfile>(profileName));
        var rtp = RtpPacketBytes(1000, payloadLength: 1200, csrcCount: 2, extensionWords: 3);

        var srtp = Protect(gateway, rtp);

        var headerLength = 12 + 8 + 16;
        Assert.Equal(rtp.Length + gateway.RtpOverhead, srtp.Length);
        Assert.Equal(rtp[..headerLength], srtp[..headerLength]);
        Assert.NotEqual(rtp[headerLength..], srtp[headerLength..rtp.Length]);
        Assert.Equal(SrtpResult.Ok, Unprotect(browser, srtp, out var plain));
        Assert.Equal(rtp, plain);
    }

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void ProtectRtp_PaddedPacket_PaddingIsPayloadAndRoundTrips(string profileName)
    {
        // RFC 3711 §3.1: padding is encrypted with the payload, so the receiver cannot read the
        // padding count before decrypting; only the header is parsed.
        var (gateway, browser) = Pair(Enum.Parse<SrtpProtectionProfile>(profileName));
        var rtp = RtpPacketBytes(7, payloadLength: 40);
        rtp[0] |= 0x20;
        rtp[^1] = 4;

        var srtp = Protect(gateway, rtp);

        Assert.Equal(SrtpResult.Ok, Unprotect(browser, srtp, out var plain));
        Assert.Equal(rtp, plain);
    }

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void ProtectRtcp_BrowserToGateway_RoundTrips(string profileName)
    {
        var (gateway, browser) = Pair(Enum.Parse<SrtpProtectionProfile>(profileName));
        var report = ReceiverReport();

        var srtcp = ProtectRtcp(browser, report);

        Assert.Equal(report.Length + browser.RtcpOverhead, srtcp.Length);
        Assert.Equal(SrtpResult.Ok, UnprotectRtcp(gateway, srtcp, out var plain));
        Assert.Equal(report, plain);
    }

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void UnprotectRtp_OwnDirectionKeys_AuthenticationFails(string profileName)
    {
        // Each side writes with its own key: the gateway cannot read what it sent itself.
        var (gateway, _) = Pair(Enum.Parse<SrtpProtectionProfile>(profileName));
        var srtp = Protect(gateway, RtpPacketBytes(1));

        Assert.Equal(SrtpResult.AuthenticationFailed, Unprotect(gateway, srtp, out _));
    }

    [Theory]
    [InlineData("AesCm128HmacSha1Tag80", "tag")]
    [InlineData("AesCm128HmacSha1Tag80", "header")]
    [InlineData("AesCm128HmacSha1Tag80", "payload")]
    [InlineData("AeadAes128Gcm", "tag")]
    [InlineData("AeadAes128Gcm", "header")]
    [InlineData("AeadAes128Gcm", "payload")]
    public void UnprotectRtp_TamperedByte_AuthenticationFailsAndNothingAdvances(string profileName, string where)
    {
        var (gateway, browser) = Pair(Enum.Parse<SrtpProtectionProfile>(profileName));
        var srtp = Protect(gateway, RtpPacketBytes(7));
        var tampered = (byte[])srtp.Clone();
        var at = where switch
        {
            "tag" => srtp.Length - 1,
            "header" => 1, // payload type
            _ => 20,
        };
        tampered[at] ^= 0x01;

        Assert.Equal(SrtpResult.AuthenticationFailed, Unprotect(browser, tampered, out _));
        Assert.Equal(SrtpResult.Ok, Unprotect(browser, srtp, out _));
    }

    [Theory]
    [InlineData("AesCm128HmacSha1Tag80", "tag")]
    [InlineData("AesCm128HmacSha1Tag80", "header")]
    [InlineData("AesCm128HmacSha1Tag80", "payload")]
    [InlineData("AesCm128HmacSha1Tag80", "index")]
    [InlineData("AeadAes128Gcm", "tag")]
    [InlineData("AeadAes128Gcm", "header")]
    [InlineData("AeadAes128Gcm", "payload")]
    [InlineData("AeadAes128Gcm", "index")]
    public void UnprotectRtcp_TamperedByte_AuthenticationFails(string profileName, string where)
    {
        var profile = Enum.Parse<SrtpProtectionProfile>(profileName);
        var (gateway, browser) = Pair(profile);
        var srtcp = ProtectRtcp(browser, ReceiverReport());
        var tagLength = SrtpProfileParameters.TagLength(profile);
        var indexAt = profile == SrtpProtectionProfile.AeadAes128Gcm ? srtcp.Length - 1 : srtcp.Length - tagLength - 1;
        var tagAt = profile == SrtpProtectionProfile.AeadAes128Gcm ? srtcp.Length - 5 : srtcp.Length - 1;
        var at = where switch
        {
            "tag" => tagAt,
            "header" => 1,
            "index" => indexAt,
            _ => 12,
        };
        srtcp[at] ^= 0x01;

        Assert.Equal(SrtpResult.AuthenticationFailed, UnprotectRtcp(gateway, srtcp, out _));
    }

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void UnprotectRtp_SamePacketTwice_SecondIsReplayed(string profileName)
    {
        var (gateway, browser) = Pair(Enum.Parse<SrtpProtectionProfile>(profileName));
        var first = Protect(gateway, RtpPacketBytes(10));
        var second = Protect(gateway, RtpPacketBytes(11));

        Assert.Equal(SrtpResult.Ok, Unprotect(browser, first, out _));
        Assert.Equal(SrtpResult.Ok, Unprotect(browser, second, out _));
        Assert.Equal(SrtpResult.Replayed, Unprotect(browser, first, out _));
        Assert.Equal(SrtpResult.Replayed, Unprotect(browser, second, out _));
        Assert.Equal(2, browser.Counters.Get(SrtpOperation.UnprotectRtp, SrtpResult.Replayed));
    }

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void UnprotectRtp_BehindWindow_TooOld(string profileName)
    {
        var (gateway, browser) = Pair(Enum.Parse<SrtpProtectionProfile>(profileName));
        var late = Protect(gateway, RtpPacketBytes(100));
        var ahead = Protect(gateway, RtpPacketBytes(100 + SrtpReplayWindow.Size));

        Assert.Equal(SrtpResult.Ok, Unprotect(browser, ahead, out _));
        Assert.Equal(SrtpResult.TooOld, Unprotect(browser, late, out _));
    }

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void UnprotectRtp_ForgedPacketFarAhead_DoesNotMoveTheWindow(string profileName)
    {
        var (gateway, browser) = Pair(Enum.Parse<SrtpProtectionProfile>(profileName));
        var delayed = Protect(gateway, RtpPacketBytes(50));
        for (ushort sequence = 1; sequence <= 100; sequence++)
        {
            var srtp = Protect(gateway, RtpPacketBytes(sequence));
            if (sequence != 50)
            {
                Assert.Equal(SrtpResult.Ok, Unprotect(browser, srtp, out _));
            }
        }

        // A genuine packet 70 ahead with a broken tag: had the window moved to 170, packet 50 would be too old.
        var forged = Protect(gateway, RtpPacketBytes(170));
        forged[^1] ^= 0xFF;
        Assert.Equal(SrtpResult.AuthenticationFailed, Unprotect(browser, forged, out _));

        Assert.Equal(SrtpResult.Ok, Unprotect(browser, delayed, out _));
    }

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void UnprotectRtp_ForgedReplayOfSeenIndex_IsReplayedAndAuthenticPacketsStillPass(string profileName)
    {
        var (gateway, browser) = Pair(Enum.Parse<SrtpProtectionProfile>(profileName));
        var seen = Protect(gateway, RtpPacketBytes(5));
        Assert.Equal(SrtpResult.Ok, Unprotect(browser, seen, out _));
        seen[^1] ^= 0x55;

        Assert.Equal(SrtpResult.Replayed, Unprotect(browser, seen, out _));
        Assert.Equal(SrtpResult.Ok, Unprotect(browser, Protect(gateway, RtpPacketBytes(6)), out _));
    }

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void UnprotectRtp_ForgedPacketOnNewSsrc_CreatesNoStream(string profileName)
    {
        var profile = Enum.Parse<SrtpProtectionProfile>(profileName);
        var (gateway, browser) = Pair(profile);
        for (uint ssrc = 1; ssrc <= SrtpContext.MaxStreams; ssrc++)
        {
            var forged = Protect(Pair(profile).Gateway, RtpPacketBytes(1, ssrc: ssrc));
            forged[^1] ^= 1;
            Assert.Equal(SrtpResult.AuthenticationFailed, Unprotect(browser, forged, out _));
        }

        // Forged packets filled nothing: a genuine stream still fits.
        Assert.Equal(SrtpResult.Ok, Unprotect(browser, Protect(gateway, RtpPacketBytes(1, ssrc: 999)), out _));
    }

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void UnprotectRtcp_Replay_RefusedAndForgedDoesNotMoveTheWindow(string profileName)
    {
        var (gateway, browser) = Pair(Enum.Parse<SrtpProtectionProfile>(profileName));
        var packets = Enumerable.Range(0, 101).Select(_ => ProtectRtcp(browser, ReceiverReport())).ToArray();
        for (var i = 0; i <= 30; i++)
        {
            if (i != 10)
            {
                Assert.Equal(SrtpResult.Ok, UnprotectRtcp(gateway, packets[i], out _));
            }
        }

        var forged = (byte[])packets[100].Clone();
        forged[12] ^= 1;
        Assert.Equal(SrtpResult.AuthenticationFailed, UnprotectRtcp(gateway, forged, out _));
        Assert.Equal(SrtpResult.Replayed, UnprotectRtcp(gateway, packets[30], out _));
        Assert.Equal(SrtpResult.Ok, UnprotectRtcp(gateway, packets[10], out _));
    }

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void ProtectRtp_SequenceWrap_RolloverCounterAdvancesOnBothSides(string profileName)
    {
        var (gateway, browser) = Pair(Enum.Parse<SrtpProtectionProfile>(profileName));
        ushort[] order = [65530, 65531, 65532, 65533, 65535, 0, 1, 65534, 2, 3];
        var plain = order.ToDictionary(s => s, s => RtpPacketBytes(s));
        var protectedPackets = order.ToDictionary(s => s, s => Protect(gateway, plain[s]));

        foreach (var sequence in order)
        {
            Assert.Equal(SrtpResult.Ok, Unprotect(browser, protectedPackets[sequence], out var rtp));
            Assert.Equal(plain[sequence], rtp);
        }

        // After the wrap, sequence 4 carries ROC 1: a receiver still at ROC 0 would fail to authenticate it.
        var (_, fresh) = Pair(Enum.Parse<SrtpProtectionProfile>(profileName));
        Assert.Equal(SrtpResult.AuthenticationFailed, Unprotect(fresh, Protect(gateway, RtpPacketBytes(4)), out _));
    }

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void ProtectRtp_ManyWraps_ReceiverFollows(string profileName)
    {
        var (gateway, browser) = Pair(Enum.Parse<SrtpProtectionProfile>(profileName));
        ushort sequence = 60000;
        for (var i = 0; i < 3 * 65536; i += 997)
        {
            Assert.Equal(SrtpResult.Ok, Unprotect(browser, Protect(gateway, RtpPacketBytes(sequence, payloadLength: 8)), out _));
            sequence += 997;
        }
    }

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void ProtectRtp_InPlace_SameAsSeparateBuffers(string profileName)
    {
        var profile = Enum.Parse<SrtpProtectionProfile>(profileName);
        var (gateway, _) = Pair(profile);
        var (other, browser) = Pair(profile);
        var rtp = RtpPacketBytes(42, payloadLength: 333);
        var expected = Protect(other, rtp);
        var buffer = new byte[rtp.Length + gateway.RtpOverhead];
        rtp.CopyTo(buffer, 0);

        Assert.Equal(SrtpResult.Ok, gateway.ProtectRtp(buffer.AsSpan(0, rtp.Length), buffer, out var written));
        Assert.Equal(expected, buffer[..written]);
        Assert.Equal(SrtpResult.Ok, browser.UnprotectRtp(buffer, buffer, out var plainLength));
        Assert.Equal(rtp, buffer[..plainLength]);
    }

    [Theory]
    [InlineData("short", "80 60 00 01 00 00 00 00 12 34 56")]
    [InlineData("version 1", "40 60 00 01 00 00 00 00 12 34 56 78 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10")]
    [InlineData("CSRC past end", "8f 60 00 01 00 00 00 00 12 34 56 78 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10")]
    [InlineData("extension past end", "90 60 00 01 00 00 00 00 12 34 56 78 be de 00 ff 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10")]
    [InlineData("extension header cut", "90 60 00 01 00 00 00 00 12 34 56 78 be de")]
    [InlineData("no room for tag", "80 60 00 01 00 00 00 00 12 34 56 78 01 02 03 04 05")]
    public void UnprotectRtp_Malformed_Refused(string name, string hex)
    {
        Assert.NotEmpty(name);
        foreach (var profile in Profiles)
        {
            var (_, browser) = Pair(profile);
            Assert.Equal(SrtpResult.Malformed, Unprotect(browser, Hex(hex), out _));
        }
    }

    [Fact]
    public void ProtectRtp_OversizedOrMalformed_RefusedWithoutThrowing()
    {
        var (gateway, _) = Pair(SrtpProtectionProfile.AesCm128HmacSha1Tag80);
        var huge = new byte[70000];
        huge[0] = 0x80;

        Assert.Equal(SrtpResult.Malformed, gateway.ProtectRtp(huge, new byte[70016], out _));
        Assert.Equal(SrtpResult.Malformed, gateway.ProtectRtp(new byte[5], new byte[100], out _));
        Assert.Equal(SrtpResult.OutputTooSmall, gateway.ProtectRtp(RtpPacketBytes(1), new byte[RtpPacketBytes(1).Length + 9], out _));
        Assert.Equal(SrtpResult.OutputTooSmall, gateway.ProtectRtcp(ReceiverReport(), new byte[ReceiverReport().Length + 13], out _));
        Assert.Equal(SrtpResult.Malformed, gateway.ProtectRtcp(new byte[7], new byte[100], out _));
    }

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void UnprotectRtcp_EncryptedFlagClear_Refused(string profileName)
    {
        var profile = Enum.Parse<SrtpProtectionProfile>(profileName);
        var (gateway, browser) = Pair(profile);
        var srtcp = ProtectRtcp(browser, ReceiverReport());
        var indexAt = profile == SrtpProtectionProfile.AeadAes128Gcm ? srtcp.Length - 4 : srtcp.Length - SrtpProfileParameters.TagLength(profile) - 4;
        srtcp[indexAt] &= 0x7F;

        Assert.Equal(SrtpResult.NotEncrypted, UnprotectRtcp(gateway, srtcp, out _));
    }

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void ProtectRtcp_IndexPerSsrc_CountsFromZero(string profileName)
    {
        var profile = Enum.Parse<SrtpProtectionProfile>(profileName);
        var (gateway, _) = Pair(profile);
        var indexFromEnd = profile == SrtpProtectionProfile.AeadAes128Gcm ? 4 : SrtpProfileParameters.TagLength(profile) + 4;

        var first = ProtectRtcp(gateway, ReceiverReport(1));
        var second = ProtectRtcp(gateway, ReceiverReport(1));
        var otherSsrc = ProtectRtcp(gateway, ReceiverReport(2));

        Assert.Equal(0x8000_0000u, BinaryPrimitives.ReadUInt32BigEndian(first.AsSpan(first.Length - indexFromEnd)));
        Assert.Equal(0x8000_0001u, BinaryPrimitives.ReadUInt32BigEndian(second.AsSpan(second.Length - indexFromEnd)));
        Assert.Equal(0x8000_0000u, BinaryPrimitives.ReadUInt32BigEndian(otherSsrc.AsSpan(otherSsrc.Length - indexFromEnd)));
    }

    [Fact]
    public void ProtectRtp_TooManySsrcs_Refused()
    {
        var (gateway, _) = Pair(SrtpProtectionProfile.AeadAes128Gcm);
        for (uint ssrc = 1; ssrc <= SrtpContext.MaxStreams; ssrc++)
        {
            _ = Protect(gateway, RtpPacketBytes(1, ssrc: ssrc));
        }

        var rtp = RtpPacketBytes(1, ssrc: 5000);
        Assert.Equal(SrtpResult.TooManyStreams, gateway.ProtectRtp(rtp, new byte[rtp.Length + 16], out _));
    }

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void ProtectAndUnprotect_AfterWarmUp_AllocateNothing(string profileName)
    {
        var (gateway, browser) = Pair(Enum.Parse<SrtpProtectionProfile>(profileName));
        var rtp = RtpPacketBytes(1, payloadLength: 1200);
        var srtp = new byte[rtp.Length + 16];
        var plain = new byte[srtp.Length];
        var report = ReceiverReport();
        var srtcp = new byte[report.Length + 20];
        var reportOut = new byte[srtcp.Length];
        void RoundTrip(ushort sequence)
        {
            BinaryPrimitives.WriteUInt16BigEndian(rtp.AsSpan(2), sequence);
            gateway.ProtectRtp(rtp, srtp, out var written);
            browser.UnprotectRtp(srtp.AsSpan(0, written), plain, out _);
            browser.ProtectRtcp(report, srtcp, out written);
            gateway.UnprotectRtcp(srtcp.AsSpan(0, written), reportOut, out _);
        }

        for (ushort i = 1; i < 200; i++)
        {
            RoundTrip(i);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (ushort i = 200; i < 1200; i++)
        {
            RoundTrip(i);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1199, browser.Counters.Get(SrtpOperation.UnprotectRtp, SrtpResult.Ok));
    }
}
