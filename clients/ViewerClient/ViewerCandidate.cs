using System.Net;

namespace SecureStream.ViewerClient;

/// <summary>One gateway candidate from the answer (RFC 8839 §5.1), component 1.</summary>
/// <param name="Protocol"><c>udp</c> or <c>tcp</c>, lower case.</param>
internal sealed record ViewerCandidate(string Protocol, uint Priority, IPEndPoint EndPoint)
{
    public bool IsUdp => Protocol == "udp";
}
