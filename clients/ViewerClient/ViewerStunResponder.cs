using System.Net;
using System.Text;
using SecureStream.Media.WebRtc.Ice;

namespace SecureStream.ViewerClient;

/// <summary>
/// Answers the gateway's own connectivity checks (RFC 8445 §7.3): a Binding request whose
/// USERNAME is <c>&lt;viewer ufrag&gt;:&lt;gateway ufrag&gt;</c> and whose MESSAGE-INTEGRITY
/// verifies with the viewer's password gets a success response with XOR-MAPPED-ADDRESS, signed
/// with that password, and FINGERPRINT. libnice (Janus) checks back even as an ICE-lite,
/// controlled agent ("triggered check", nominated on response receipt) and only then lets DTLS
/// start. Anything else is not a request for this viewer and gets no answer.
/// </summary>
internal static class ViewerStunResponder
{
    public static bool TryAnswer(ReadOnlySpan<byte> datagram, string localUfrag, string localPassword, IPEndPoint from, out byte[] response)
    {
        response = [];
        if (!StunMessage.TryRead(datagram, out var message, out _) || !message.IsBindingRequest
            || !message.TryGetUsername(out var username))
        {
            return false;
        }

        // RFC 8445 §7.3.1.1: the part before the colon is the receiver's own ufrag.
        var prefix = Encoding.ASCII.GetBytes(localUfrag + ":");
        var key = Encoding.ASCII.GetBytes(localPassword);
        if (!username.StartsWith(prefix) || !message.VerifyMessageIntegrity(key))
        {
            return false;
        }

        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, message.TransactionId);
        writer.AddXorMappedAddress(from);
        writer.AddMessageIntegrity(key);
        writer.AddFingerprint();
        response = writer.Written.ToArray();
        return true;
    }
}
