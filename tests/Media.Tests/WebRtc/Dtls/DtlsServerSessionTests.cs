using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.Tls;
using SecureStream.Media.WebRtc.Dtls;
using SecureStream.ViewerClient;

namespace SecureStream.Media.Tests.WebRtc.Dtls;

/// <summary>
/// The DTLS server against a real DTLS client (BouncyCastle's <see cref="DtlsClientProtocol"/>)
/// over an in-memory datagram path.
/// </summary>
public sealed class DtlsServerSessionTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);
    private static readonly DtlsCertificate ServerCertificate = DtlsCertificate.Generate(TimeProvider.System);
    private static readonly DtlsCertificate ClientCertificate = DtlsCertificate.Generate(TimeProvider.System);
    private static readonly DtlsCertificate OtherCertificate = DtlsCertificate.Generate(TimeProvider.System);
    private static readonly int[] BothProfiles = [SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM];
    private static readonly int[] CmOnly = [SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80];

    [Fact]
    public async Task Handshake_ClientOffersGcmAndCm_NegotiatesGcmAndBothSidesExportTheSameKeys()
    {
        await using var run = await Connect(BothProfiles);

        Assert.True(run.Result.Succeeded, run.Result.FailureReason);
        Assert.Null(run.Result.FailureReason);
        Assert.Equal(SrtpProfileId.AeadAes128Gcm, run.Result.Profile);
        Assert.Equal(SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM, run.Client.SelectedProfile);
        Assert.Equal(56, run.Result.KeyingMaterial.Length);
        Assert.Equal(run.Client.KeyingMaterial, run.Result.KeyingMaterial);
        Assert.True(run.Client.ServerFingerprintMatched);
        Assert.True(run.Session.IsEstablished);
        Assert.NotNull(run.ClientDtls);
    }

    [Fact]
    public async Task Handshake_ClientOffersOnlyCm_NegotiatesCmWith60BytesOfKeys()
    {
        await using var run = await Connect(CmOnly);

        Assert.True(run.Result.Succeeded, run.Result.FailureReason);
        Assert.Equal(SrtpProfileId.AesCm128HmacSha1_80, run.Result.Profile);
        Assert.Equal(SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, run.Client.SelectedProfile);
        Assert.Equal(60, run.Result.KeyingMaterial.Length);
        Assert.Equal(run.Client.KeyingMaterial, run.Result.KeyingMaterial);
    }

    [Fact]
    public async Task Handshake_ServerConfiguredCmFirst_NegotiatesCmThoughTheClientOffersGcm()
    {
        var options = new DtlsOptions { SrtpProfiles = [SrtpProfileNames.AesCm128HmacSha1_80, SrtpProfileNames.AeadAes128Gcm] };
        await using var run = await Connect([SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80], options: options);

        Assert.True(run.Result.Succeeded, run.Result.FailureReason);
        Assert.Equal(SrtpProfileId.AesCm128HmacSha1_80, run.Result.Profile);
        Assert.Equal(SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, run.Client.SelectedProfile);
    }

    [Fact]
    public async Task Handshake_ServerConfiguredGcmOnly_RefusesAClientOfferingOnlyCm()
    {
        var options = new DtlsOptions { SrtpProfiles = [SrtpProfileNames.AeadAes128Gcm] };
        await using var run = await Connect(CmOnly, options: options);

        Assert.False(run.Result.Succeeded);
        Assert.Equal(DtlsFailureReasons.NoSrtpProfile, run.Result.FailureReason);
        Assert.Equal(SrtpProfileId.None, run.Result.Profile);
    }

    [Fact]
    public async Task Handshake_Success_SplitsKeysInRfc5764Order()
    {
        await using var run = await Connect(CmOnly);

        var material = run.Result.KeyingMaterial;
        Assert.Equal(material[..16], run.Result.ClientWriteKey.ToArray());
        Assert.Equal(material[16..32], run.Result.ServerWriteKey.ToArray());
        Assert.Equal(material[32..46], run.Result.ClientWriteSalt.ToArray());
        Assert.Equal(material[46..60], run.Result.ServerWriteSalt.ToArray());
    }

    [Fact]
    public async Task Handshake_ClientCertificateDoesNotMatchSdpFingerprint_FailsWithFingerprintMismatchAndNoKeys()
    {
        await using var run = await Connect(BothProfiles, expectedClientFingerprint: OtherCertificate.Fingerprint);

        Assert.False(run.Result.Succeeded);
        Assert.Equal(DtlsFailureReasons.FingerprintMismatch, run.Result.FailureReason);
        Assert.Empty(run.Result.KeyingMaterial);
        Assert.Equal(SrtpProfileId.None, run.Result.Profile);
        Assert.False(run.Session.IsEstablished);
        Assert.NotNull(run.ClientError);
        Assert.False(run.Session.Ended.IsCompleted);
    }

    [Fact]
    public async Task Handshake_NoClientCertificate_FailsWithNoClientCertificate()
    {
        await using var run = await Connect(BothProfiles, clientCertificate: null);

        Assert.False(run.Result.Succeeded);
        Assert.Equal(DtlsFailureReasons.NoClientCertificate, run.Result.FailureReason);
        Assert.Empty(run.Result.KeyingMaterial);
        Assert.NotNull(run.ClientError);
    }

    [Fact]
    public async Task Handshake_ClientOffersNoUseSrtp_FailsWithNoSrtpProfile()
    {
        await using var run = await Connect(profiles: null);

        Assert.False(run.Result.Succeeded);
        Assert.Equal(DtlsFailureReasons.NoSrtpProfile, run.Result.FailureReason);
        Assert.Empty(run.Result.KeyingMaterial);
    }

    [Fact]
    public async Task Handshake_ClientOffersOnlyUnsupportedProfiles_FailsWithNoSrtpProfile()
    {
        await using var run = await Connect([SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_32, SrtpProtectionProfile.SRTP_NULL_HMAC_SHA1_80]);

        Assert.False(run.Result.Succeeded);
        Assert.Equal(DtlsFailureReasons.NoSrtpProfile, run.Result.FailureReason);
    }

    [Fact]
    public async Task Handshake_NoClientBeforeTheDeadline_FailsWithTimeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var pipe = new DtlsTestPipe();
        await using var session = CreateSession(pipe, ClientCertificate.Fingerprint, time);

        var handshake = session.HandshakeAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(handshake.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));
        var result = await handshake.WaitAsync(TestTimeout);

        Assert.False(result.Succeeded);
        Assert.Equal(DtlsFailureReasons.Timeout, result.FailureReason);
        Assert.Empty(result.KeyingMaterial);
    }

    [Fact]
    public async Task Handshake_ClientStallsAfterItsClientHello_FailsWithTimeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var pipe = new DtlsTestPipe();
        await using var session = CreateSession(pipe, ClientCertificate.Fingerprint, time);
        var delivered = 0;
        pipe.BeforeServer = _ => Interlocked.Increment(ref delivered) == 1;
        var client = new ViewerDtlsClient(ClientCertificate, BothProfiles, ServerCertificate.Fingerprint);

        var handshake = session.HandshakeAsync(CancellationToken.None);
        _ = Task.Factory.StartNew(() => new DtlsClientProtocol().Connect(client, pipe.ClientTransport), TaskCreationOptions.LongRunning);
        await WaitUntil(() => !pipe.ServerSent.IsEmpty);
        time.Advance(TimeSpan.FromSeconds(11));
        var result = await handshake.WaitAsync(TestTimeout);

        Assert.Equal(DtlsFailureReasons.Timeout, result.FailureReason);
        Assert.Empty(result.KeyingMaterial);
    }

    [Fact]
    public async Task Handshake_CallerCancels_FailsWithCancelled()
    {
        var pipe = new DtlsTestPipe();
        await using var session = CreateSession(pipe, ClientCertificate.Fingerprint);
        using var cancellation = new CancellationTokenSource();

        var handshake = session.HandshakeAsync(cancellation.Token);
        await cancellation.CancelAsync();
        var result = await handshake.WaitAsync(TestTimeout);

        Assert.Equal(DtlsFailureReasons.Cancelled, result.FailureReason);
    }

    [Fact]
    public async Task Handshake_SessionDisposedMidway_FailsWithCancelledAndNeverEnds()
    {
        var pipe = new DtlsTestPipe();
        var session = CreateSession(pipe, ClientCertificate.Fingerprint);

        var handshake = session.HandshakeAsync(CancellationToken.None);
        await session.DisposeAsync();
        var result = await handshake.WaitAsync(TestTimeout);

        Assert.Equal(DtlsFailureReasons.Cancelled, result.FailureReason);
        Assert.False(session.IsEstablished);
        Assert.False(session.Ended.IsCompleted);
    }

    [Fact]
    public async Task Handshake_RunTwice_Throws()
    {
        await using var run = await Connect(BothProfiles);

        await Assert.ThrowsAsync<InvalidOperationException>(() => run.Session.HandshakeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Handshake_GarbageBeforeAndDuringTheHandshake_StillSucceedsAndCountsDrops()
    {
        var injected = 0;
        await using var run = await Connect(BothProfiles, configure: pipe =>
        {
            // Before: nothing from the client yet.
            foreach (var garbage in HostileDatagrams())
            {
                pipe.InjectToServer(garbage);
            }

            // During: after each real client flight, more garbage.
            pipe.BeforeServer = datagram =>
            {
                if (Interlocked.Increment(ref injected) < 6)
                {
                    foreach (var garbage in HostileDatagrams())
                    {
                        pipe.InjectToServer(garbage);
                    }
                }

                return true;
            };
        });

        Assert.True(run.Result.Succeeded, run.Result.FailureReason);
        Assert.Equal(run.Client.KeyingMaterial, run.Result.KeyingMaterial);
        Assert.True(run.Session.Drops.Malformed > 0);
        Assert.True(run.Session.Drops.Oversized > 0);
    }

    [Fact]
    public async Task Established_HostileDatagrams_AreDroppedAndTheSessionStillHearsTheRealPeer()
    {
        await using var run = await Connect(BothProfiles);
        Assert.True(run.Result.Succeeded, run.Result.FailureReason);
        var firstClientHello = run.Pipe.ClientSent.First();

        foreach (var garbage in HostileDatagrams())
        {
            run.Pipe.InjectToServer(garbage);
        }

        run.Pipe.InjectToServer(firstClientHello);
        run.Pipe.InjectToServer(Record(contentType: 21, epoch: 0, sequence: 50, [2, 40]));          // plaintext fatal alert
        run.Pipe.InjectToServer(Record(contentType: 21, epoch: 1, sequence: 50, RandomBytes(26)));  // forged encrypted alert
        run.Pipe.InjectToServer(Record(contentType: 23, epoch: 1, sequence: 51, RandomBytes(64)));  // forged application data
        run.Pipe.InjectToServer(Record(contentType: 22, epoch: 1, sequence: 52, RandomBytes(48)));  // forged handshake
        run.Pipe.InjectToServer(Record(contentType: 22, epoch: 0, sequence: 53, RandomBytes(40)));  // stale plaintext handshake
        await Task.Delay(200);

        Assert.True(run.Session.IsEstablished);
        Assert.False(run.Session.Ended.IsCompleted);
        Assert.Equal(1, run.Session.Drops.ClientHelloAfterHandshake);
        Assert.True(run.Session.Drops.Malformed > 0);
        Assert.True(run.Session.Drops.Oversized > 0);

        // The real peer, with the real keys, is still heard: its close_notify ends the session.
        run.ClientDtls!.Close();
        Assert.Equal(DtlsEndReasons.CloseNotify, await run.Session.Ended.WaitAsync(TestTimeout));
    }

    [Fact]
    public async Task Established_PeerSendsCloseNotify_EndsWithCloseNotify()
    {
        await using var run = await Connect(BothProfiles);
        Assert.True(run.Result.Succeeded, run.Result.FailureReason);

        run.ClientDtls!.Close();

        Assert.Equal(DtlsEndReasons.CloseNotify, await run.Session.Ended.WaitAsync(TestTimeout));
        Assert.False(run.Session.IsEstablished);
    }

    [Fact]
    public async Task Established_PeerSendsApplicationData_IsCountedAndDropped()
    {
        await using var run = await Connect(BothProfiles);
        Assert.True(run.Result.Succeeded, run.Result.FailureReason);

        run.ClientDtls!.Send([1, 2, 3], 0, 3);
        await WaitUntil(() => run.Session.Drops.ApplicationData == 1);

        Assert.True(run.Session.IsEstablished);
    }

    [Fact]
    public async Task Established_Dispose_SendsCloseNotifyAndEndsWithLocalClose()
    {
        var run = await Connect(BothProfiles);
        Assert.True(run.Result.Succeeded, run.Result.FailureReason);
        var sentBefore = run.Pipe.ServerSent.Count;

        await run.DisposeAsync();

        Assert.Equal(DtlsEndReasons.LocalClose, await run.Session.Ended.WaitAsync(TestTimeout));
        Assert.True(run.Pipe.ServerSent.Count > sentBefore);
        var buffer = new byte[1500];
        // The client reads our close_notify: BouncyCastle reports the end of the stream as -1.
        Assert.Equal(-1, run.ClientDtls!.Receive(buffer, 0, buffer.Length, 1000));
    }

    [Fact]
    public async Task Ended_DatagramsAfterTheEnd_AreCountedAsAfterEnd()
    {
        await using var run = await Connect(BothProfiles);
        run.ClientDtls!.Close();
        await run.Session.Ended.WaitAsync(TestTimeout);

        run.Pipe.InjectToServer(run.Pipe.ClientSent.Last());

        Assert.Equal(1, run.Session.Drops.AfterEnd);
    }

    [Fact]
    public async Task Handshake_ServerPresentsTheStoreCertificate_ClientPinsItsFingerprint()
    {
        await using var run = await Connect(BothProfiles, serverFingerprintForClient: OtherCertificate.Fingerprint);

        // The client refuses our certificate because its "SDP" named another one.
        Assert.False(run.Result.Succeeded);
        Assert.NotNull(run.ClientError);
        Assert.False(run.Client.ServerFingerprintMatched);
    }

    internal static IEnumerable<byte[]> HostileDatagrams()
    {
        yield return RandomBytes(1);
        yield return RandomBytes(12);
        yield return RandomBytes(200);
        yield return new byte[1501];                                        // oversized
        yield return Record(contentType: 22, epoch: 0, sequence: 9, RandomBytes(5000))[..1400]; // length past the datagram
        yield return Record(contentType: 99, epoch: 0, sequence: 1, RandomBytes(20));  // unknown content type
        yield return Record(contentType: 22, epoch: 0, sequence: 7, RandomBytes(0));   // empty handshake fragment
        var wrongVersion = Record(contentType: 22, epoch: 0, sequence: 2, RandomBytes(30));
        wrongVersion[1] = 3;                                                    // TLS, not DTLS
        yield return wrongVersion;

        // Well-formed records nobody could authenticate: forged epoch-1 data, handshake and alert,
        // a stray ChangeCipherSpec, and a plaintext handshake fragment with a random body.
        yield return Record(contentType: 23, epoch: 1, sequence: 3, RandomBytes(48));
        yield return Record(contentType: 22, epoch: 1, sequence: 4, RandomBytes(40));
        yield return Record(contentType: 21, epoch: 1, sequence: 5, RandomBytes(26));
        yield return Record(contentType: 20, epoch: 0, sequence: 6, [1]);
        yield return Record(contentType: 22, epoch: 0, sequence: 8, [11, .. RandomBytes(30)]);
    }

    internal static byte[] Record(byte contentType, ushort epoch, long sequence, byte[] fragment)
    {
        // RFC 6347 §4.1 DTLSPlaintext header.
        var record = new byte[13 + fragment.Length];
        record[0] = contentType;
        record[1] = 0xFE;
        record[2] = 0xFD;
        record[3] = (byte)(epoch >> 8);
        record[4] = (byte)epoch;
        for (var i = 0; i < 6; i++)
        {
            record[10 - i] = (byte)(sequence >> (8 * i));
        }

        record[11] = (byte)(fragment.Length >> 8);
        record[12] = (byte)fragment.Length;
        fragment.CopyTo(record, 13);
        return record;
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TestTimeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached");
            await Task.Delay(10);
        }
    }

    private static DtlsServerSession CreateSession(DtlsTestPipe pipe, DtlsFingerprint expectedClientFingerprint, TimeProvider? time = null, DtlsOptions? options = null)
    {
        var session = new DtlsServerSession("test-session", ServerCertificate, expectedClientFingerprint, pipe, options ?? new DtlsOptions(),
            time ?? TimeProvider.System, NullLogger<DtlsServerSession>.Instance);
        pipe.Server = session;
        return session;
    }

    private static async Task<Run> Connect(
        int[]? profiles,
        DtlsFingerprint? expectedClientFingerprint = null,
        Action<DtlsTestPipe>? configure = null,
        DtlsFingerprint? serverFingerprintForClient = null,
        DtlsOptions? options = null)
        => await Connect(profiles, ClientCertificate, expectedClientFingerprint, configure, serverFingerprintForClient, options);

    private static async Task<Run> Connect(
        int[]? profiles,
        DtlsCertificate? clientCertificate,
        DtlsFingerprint? expectedClientFingerprint = null,
        Action<DtlsTestPipe>? configure = null,
        DtlsFingerprint? serverFingerprintForClient = null,
        DtlsOptions? options = null)
    {
        var pipe = new DtlsTestPipe();
        var session = CreateSession(pipe, expectedClientFingerprint ?? ClientCertificate.Fingerprint, options: options);
        configure?.Invoke(pipe);
        var client = new ViewerDtlsClient(clientCertificate, profiles, serverFingerprintForClient ?? ServerCertificate.Fingerprint);

        var serverTask = session.HandshakeAsync(CancellationToken.None);
        var clientTask = Task.Factory.StartNew(
            () => new DtlsClientProtocol().Connect(client, pipe.ClientTransport),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        var result = await serverTask.WaitAsync(TestTimeout);
        DtlsTransport? clientDtls = null;
        Exception? clientError = null;
        try
        {
            clientDtls = await clientTask.WaitAsync(TestTimeout);
        }
        catch (IOException exception)
        {
            clientError = exception;
        }

        return new Run(pipe, session, client, result, clientDtls, clientError);
    }

    private sealed record Run(
        DtlsTestPipe Pipe,
        DtlsServerSession Session,
        ViewerDtlsClient Client,
        DtlsHandshakeResult Result,
        DtlsTransport? ClientDtls,
        Exception? ClientError) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Session.DisposeAsync();
    }
}
