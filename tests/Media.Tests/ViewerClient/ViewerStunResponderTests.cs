using System.Net;
using System.Security.Cryptography;
using System.Text;
using SecureStream.Media.WebRtc.Ice;
using SecureStream.ViewerClient;

namespace SecureStream.Media.Tests.ViewerClient;

/// <summary>The viewer answering the gateway's own connectivity checks (RFC 8445 §7.3), as libnice sends them.</summary>
public sealed class ViewerStunResponderTests
{
    private static readonly IceCredentials Viewer = IceCredentials.Generate();
    private static readonly IPEndPoint From = new(IPAddress.Parse("192.0.2.2"), 39393);

    [Fact]
    public void TryAnswer_CheckForThisViewer_SignedSuccessWithMappedAddress()
    {
        var transactionId = RandomNumberGenerator.GetBytes(StunMessage.TransactionIdSize);
        var request = Request(transactionId, Viewer.Ufrag + ":QoDu", Viewer.Password);

        Assert.True(ViewerStunResponder.TryAnswer(request, Viewer.Ufrag, Viewer.Password, From, out var response));

        Assert.True(StunMessage.TryRead(response, out var message, out var error), error.ToString());
        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.Equal(transactionId, message.TransactionId.ToArray());
        Assert.True(message.VerifyMessageIntegrity(Encoding.ASCII.GetBytes(Viewer.Password)));
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(From, mapped);
    }

    public static TheoryData<string, byte[]> NotForThisViewer => new()
    {
        { "wrong_password", Request(RandomNumberGenerator.GetBytes(12), Viewer.Ufrag + ":QoDu", "another-password-of-22+chars") },
        { "other_ufrag", Request(RandomNumberGenerator.GetBytes(12), "zzzz:" + Viewer.Ufrag, Viewer.Password) },
        { "response_not_request", Response() },
        { "truncated", Request(RandomNumberGenerator.GetBytes(12), Viewer.Ufrag + ":QoDu", Viewer.Password)[..30] },
        { "not_stun", [0x80, 0x60, 0, 1, 0, 0, 0, 0] },
    };

    [Theory]
    [MemberData(nameof(NotForThisViewer))]
    public void TryAnswer_NotAValidCheckForThisViewer_NoAnswer(string name, byte[] datagram)
    {
        Assert.False(ViewerStunResponder.TryAnswer(datagram, Viewer.Ufrag, Viewer.Password, From, out var response), name);
        Assert.Empty(response);
    }

    private static byte[] Request(byte[] transactionId, string username, string password)
    {
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, transactionId);
        writer.AddUsername(username);
        writer.AddPriority(0x6e2000ff);
        writer.AddIceControlled(16448407730566959481);
        writer.AddMessageIntegrity(Encoding.ASCII.GetBytes(password));
        writer.AddFingerprint();
        return writer.Written.ToArray();
    }

    private static byte[] Response()
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, RandomNumberGenerator.GetBytes(12));
        writer.AddXorMappedAddress(From);
        writer.AddMessageIntegrity(Encoding.ASCII.GetBytes(Viewer.Password));
        writer.AddFingerprint();
        return writer.Written.ToArray();
    }
}
