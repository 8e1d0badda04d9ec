using System.Globalization;
using System.Net;

namespace SecureStream.Media.WebRtc.Ice;

/// <summary>
/// One candidate the viewer signalled (an <c>a=candidate</c> line of its offer or answer, or of a
/// trickle fragment), kept only to name the path its checks later arrive on. An mDNS host
/// candidate (<c>….local</c>) has no address and is not kept: checks from it look peer-reflexive.
/// </summary>
internal readonly record struct IceRemoteCandidate(IceProtocol Protocol, IPAddress Address, int Port, IceCandidateType Type)
{
    /// <summary>
    /// Reads <c>candidate:&lt;foundation&gt; &lt;component&gt; &lt;transport&gt; &lt;priority&gt;
    /// &lt;address&gt; &lt;port&gt; typ &lt;type&gt; …</c> (RFC 8839 §5.1), with or without the
    /// <c>a=</c> prefix. False for anything else, an unknown transport or type, or an address that
    /// is not an IP literal. Never throws.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> line, out IceRemoteCandidate candidate)
    {
        candidate = default;
        line = line.Trim();
        if (line.StartsWith("a=", StringComparison.Ordinal))
        {
            line = line[2..];
        }

        if (!line.StartsWith("candidate:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return TryParseValue(line["candidate:".Length..], out candidate);
    }

    /// <summary>As <see cref="TryParse"/>, for the value of an <c>a=candidate</c> attribute (what follows <c>candidate:</c>).</summary>
    public static bool TryParseValue(ReadOnlySpan<char> rest, out IceRemoteCandidate candidate)
    {
        candidate = default;
        Span<Range> fields = stackalloc Range[9];
        if (rest.Split(fields, ' ', StringSplitOptions.RemoveEmptyEntries) < 8)
        {
            return false;
        }

        var transport = rest[fields[2]];
        IceProtocol protocol;
        if (transport.Equals("udp", StringComparison.OrdinalIgnoreCase))
        {
            protocol = IceProtocol.Udp;
        }
        else if (transport.Equals("tcp", StringComparison.OrdinalIgnoreCase))
        {
            protocol = IceProtocol.Tcp;
        }
        else
        {
            return false;
        }

        if (!IPAddress.TryParse(rest[fields[4]], out var address)
            || !int.TryParse(rest[fields[5]], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port > IPEndPoint.MaxPort
            || !rest[fields[6]].Equals("typ", StringComparison.Ordinal))
        {
            return false;
        }

        IceCandidateType type;
        switch (rest[fields[7]])
        {
            case "host":
                type = IceCandidateType.Host;
                break;
            case "srflx":
                type = IceCandidateType.ServerReflexive;
                break;
            case "prflx":
                type = IceCandidateType.PeerReflexive;
                break;
            case "relay":
                type = IceCandidateType.Relay;
                break;
            default:
                return false;
        }

        candidate = new IceRemoteCandidate(protocol, address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, port, type);
        return true;
    }
}
