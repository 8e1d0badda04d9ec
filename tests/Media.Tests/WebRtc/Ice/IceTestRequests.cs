using System.Security.Cryptography;
using System.Text;
using SecureStream.Media.WebRtc.Ice;

namespace SecureStream.Media.Tests.WebRtc.Ice;

/// <summary>Builds the Binding requests a browser would send, and broken variants of them.</summary>
internal static class IceTestRequests
{
    public const string RemoteUfrag = "brws";
    public const string RemotePassword = "browserpasswordbrowserpassword";

    public static byte[] Binding(
        IceCredentials local,
        string? username = null,
        string? password = null,
        bool useCandidate = false,
        bool fingerprint = true,
        bool integrity = true,
        bool priority = true,
        bool controlled = false,
        StunClass messageClass = StunClass.Request,
        byte[]? transactionId = null)
    {
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, messageClass, StunMethod.Binding, transactionId ?? RandomNumberGenerator.GetBytes(12));
        if (username != string.Empty)
        {
            writer.AddUsername(username ?? $"{local.Ufrag}:{RemoteUfrag}");
        }

        if (priority)
        {
            writer.AddPriority(0x6e7f1eff);
        }

        if (controlled)
        {
            writer.AddIceControlled(42);
        }
        else
        {
            writer.AddIceControlling(42);
        }

        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        if (integrity)
        {
            writer.AddMessageIntegrity(Encoding.ASCII.GetBytes(password ?? local.Password));
        }

        if (fingerprint)
        {
            writer.AddFingerprint();
        }

        return writer.Written.ToArray();
    }

    public static byte[] WithFlippedLastByte(byte[] data)
    {
        data[^1] ^= 0x01;
        return data;
    }
}
