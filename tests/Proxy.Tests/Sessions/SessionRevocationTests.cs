using SecureStream.Policy.Access;
using SecureStream.Policy.Audit;
using SecureStream.Policy.PolicyFile;
using SecureStream.Policy.SignedUrls;
using SecureStream.Proxy.Sessions;

namespace SecureStream.Proxy.Tests.Sessions;

public sealed class SessionRevocationTests
{
    [Theory]
    [InlineData(ScopedSignedUrlKey.DemoWallKeyId, true)]
    [InlineData("no-such-key", false)]
    public void MayContinue_SignedLinkSession_OnlyAKeyThePolicyOrTheProcessHoldsKeepsIt(string keyId, bool continues)
    {
        var policy = PolicySnapshotFor("""{ "version": 1, "anonymousLinks": { "cameras": [ "demo/*" ] } }""");
        var session = new AdmittedSession
        {
            Id = "s1",
            Camera = new CameraPath("demo", "lobby"),
            OperatorKey = "anonymous",
            CredentialKind = AuditCredentialKind.SignedUrl.ToCode(),
            SigningKeyId = keyId,
            Protocol = AuditProtocol.Snapshot,
            ClientIp = "127.0.0.1",
            Url = "http://127.0.0.1/demo/lobby/snapshot.jpg",
            StartedAt = DateTimeOffset.UtcNow,
        };

        Assert.Equal(continues, SessionRevocation.MayContinue(policy, session, DateTimeOffset.UtcNow));
    }

    private static PolicySnapshot PolicySnapshotFor(string json)
    {
        var loaded = PolicyFileLoader.Load(System.Text.Encoding.UTF8.GetBytes(json), TimeProvider.System);
        Assert.True(loaded.Snapshot is not null, string.Join("; ", loaded.Errors));
        return loaded.Snapshot;
    }
}
