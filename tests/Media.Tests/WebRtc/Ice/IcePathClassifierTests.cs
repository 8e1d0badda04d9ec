using System.Net;
using SecureStream.Media.Origin;
using SecureStream.Media.WebRtc.Ice;

namespace SecureStream.Media.Tests.WebRtc.Ice;

public sealed class IcePathClassifierTests
{
    private const string Host = "candidate:1 1 udp 2122260223 192.0.2.10 50000 typ host generation 0";
    private const string ServerReflexive = "candidate:2 1 udp 1686052607 198.51.100.7 61000 typ srflx raddr 192.0.2.10 rport 50000";
    private const string Relay = "candidate:3 1 udp 41885439 203.0.113.9 49152 typ relay raddr 198.51.100.7 rport 61000";
    private const string MdnsHost = "candidate:4 1 udp 2122260223 4f1c2a9e-0c0b-4e1d-9a51-3d2f6f0e7a11.local 50001 typ host";
    private const string TcpHost = "candidate:5 1 tcp 1518280447 192.0.2.10 9 typ host tcptype active";
    private const string Ipv6Host = "a=candidate:6 1 UDP 2122262783 2001:db8::5 50002 typ host";

    public static TheoryData<PathCase> Cases => new()
    {
        new("no pair selected yet", [Host], null, IcePath.Connecting),
        new("checks from a signalled host address", [Host, ServerReflexive], "udp 192.0.2.10 50000", IcePath.UdpHost),
        new("checks from the NAT address a STUN server showed", [Host, ServerReflexive], "udp 198.51.100.7 61000", IcePath.UdpServerReflexive),
        new("checks from the TURN server's relayed address", [Host, ServerReflexive, Relay], "udp 203.0.113.9 49152", IcePath.Relay),
        new("checks from an address never signalled", [Host, ServerReflexive], "udp 198.51.100.99 40000", IcePath.UdpPeerReflexive),
        new("same address, another port: another NAT binding", [Host], "udp 192.0.2.10 50003", IcePath.UdpPeerReflexive),
        new("an mDNS host hides its address", [MdnsHost], "udp 192.0.2.10 50001", IcePath.UdpPeerReflexive),
        new("nothing signalled (no candidates in the offer)", [], "udp 192.0.2.10 50000", IcePath.UdpPeerReflexive),
        new("checks over ICE-TCP", [TcpHost, Host], "tcp 192.0.2.10 50000", IcePath.Tcp),
        new("IPv6 host, transport written in capitals, a= prefix", [Ipv6Host], "udp 2001:db8::5 50002", IcePath.UdpHost),
        new("IPv4-mapped source of a dual-mode socket", [Host], "udp ::ffff:192.0.2.10 50000", IcePath.UdpHost),
        new("a TCP candidate does not make a UDP path host", [TcpHost], "udp 192.0.2.10 9", IcePath.UdpPeerReflexive),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classify_SelectedPairAndSignalledCandidates_NamesThePath(PathCase @case)
    {
        var candidates = new IceRemoteCandidates();
        candidates.AddFrom(string.Join("\r\n", @case.Candidates));

        Assert.Equal(@case.Expected, IcePathClassifier.Classify(Address(@case.Selected), candidates));
    }

    public static TheoryData<string, string> Unreadable => new()
    {
        { "hostname instead of an address", MdnsHost },
        { "too few fields", "candidate:1 1 udp 2122260223 192.0.2.10 50000 typ" },
        { "unknown transport", "candidate:1 1 sctp 2122260223 192.0.2.10 50000 typ host" },
        { "unknown type", "candidate:1 1 udp 2122260223 192.0.2.10 50000 typ turn" },
        { "port out of range", "candidate:1 1 udp 2122260223 192.0.2.10 70000 typ host" },
        { "signed port", "candidate:1 1 udp 2122260223 192.0.2.10 -5 typ host" },
        { "not a candidate line", "a=ice-ufrag:abcd" },
        { "typ keyword missing", "candidate:1 1 udp 2122260223 192.0.2.10 50000 type host" },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public void TryParse_Unreadable_False(string name, string line)
    {
        Assert.False(IceRemoteCandidate.TryParse(line, out _), name);
    }

    [Fact]
    public void Add_HostileList_KeepsAtMostCapacityAndNoDuplicates()
    {
        var candidates = new IceRemoteCandidates();
        var lines = Enumerable.Range(0, 100).Select(i => $"a=candidate:{i} 1 udp 1 192.0.2.{i % 50} {40000 + i} typ host").Append(Host).Append(Host);

        candidates.AddFrom(string.Join("\n", lines));

        Assert.Equal(IceRemoteCandidates.Capacity, candidates.Count);
    }

    // "udp 192.0.2.10 50000": the transport address the viewer's verified checks come from.
    private static IceTransportAddress? Address(string? selected)
    {
        if (selected is null)
        {
            return null;
        }

        var parts = selected.Split(' ');
        var protocol = parts[0] == "tcp" ? IceProtocol.Tcp : IceProtocol.Udp;
        return new IceTransportAddress(protocol, new IPEndPoint(IPAddress.Parse(parts[1]), int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture)));
    }

    public sealed record PathCase(string Name, string[] Candidates, string? Selected, IcePath Expected)
    {
        public override string ToString() => Name;
    }
}
