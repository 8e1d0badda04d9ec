using System.Text;
using SecureStream.Media.Origin;

namespace SecureStream.Media.Tests.Origin;

public sealed class OmeSignallingMessageTests
{
    [Fact]
    public void Parse_CandidateMessage_KeepsTheCandidateStrings()
    {
        var json = """
            {"command":"candidate","id":7,"peer_id":0,"candidates":[
              {"candidate":"candidate:1 1 udp 2122260223 192.0.2.10 50000 typ host","sdpMid":"0","sdpMLineIndex":0},
              {"candidate":"candidate:3 1 udp 41885439 203.0.113.9 49152 typ relay raddr 198.51.100.7 rport 61000","sdpMid":"0"},
              {"sdpMid":"0"}, "not an object", {"candidate": 5}]}
            """;

        var message = OmeSignallingMessage.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Equal(OmeSignallingMessage.Candidate, message.Command);
        Assert.Equal(2, message.Candidates.Count);
        Assert.EndsWith("typ relay raddr 198.51.100.7 rport 61000", message.Candidates[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HostileCandidateList_KeepsAtMostTheLimit()
    {
        var items = string.Join(",", Enumerable.Range(0, 500).Select(i => $$"""{"candidate":"candidate:{{i}} 1 udp 1 192.0.2.1 {{1000 + i}} typ host"}"""));

        var message = OmeSignallingMessage.Parse(Encoding.UTF8.GetBytes($$"""{"command":"candidate","candidates":[{{items}}]}"""));

        Assert.Equal(OmeSignallingMessage.MaxCandidates, message.Candidates.Count);
    }
}
