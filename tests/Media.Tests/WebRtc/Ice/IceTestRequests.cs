using System.Buffers.Binary;
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

    /// <summary>The start of a DTLS 1.2 handshake record (content type 22, version FE FD): what the port classifies as DTLS.</summary>
    public static byte[] DtlsClientHello => [22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1];

    public static byte[] WithFlippedLastByte(byte[] data)
    {
        data[^1] ^= 0x01;
        return data;
    }

    /// <summary>Overwrites the first attribute's length (after the 20-byte header and its 2-byte type).</summary>
    public static byte[] WithFirstAttributeLength(byte[] request, ushort length)
    {
        BinaryPrimitives.WriteUInt16BigEndian(request.AsSpan(22), length);
        return request;
    }

    /// <summary><paramref name="payload"/> as one ICE-TCP frame (RFC 4571: a 16-bit length, then the packet).</summary>
    public static byte[] Framed(byte[] payload)
    {
        var frame = new byte[payload.Length + Rfc4571Framing.LengthPrefixSize];
        Rfc4571Framing.WriteFrame(payload, frame);
        return frame;
    }
}
