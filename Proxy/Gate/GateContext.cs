using SecureStream.Proxy.ClientAddresses;
using SecureStream.Proxy.RequestShape;

namespace SecureStream.Proxy.Gate;

/// <summary>What one gate evaluation has learnt so far; the audit record is written from it.</summary>
internal sealed class GateContext(GateRequest request, DateTimeOffset now)
{
    public GateRequest Request { get; } = request;

    public DateTimeOffset Now { get; } = now;

    public ParsedTarget? Target { get; set; }

    /// <summary>The peer until the trusted-proxy rules have been applied.</summary>
    public ClientAddress Client { get; set; } = new(request.PeerAddress, ClientAddressSource.Peer);

    /// <summary>The client as one source (IPv4 address, IPv6 /64) for aggregation, lockout and pending caps.</summary>
    public ClientSource Source { get; set; } = ClientSource.Of(request.PeerAddress);

    public CredentialCheck? Credential { get; set; }

    public string? OperatorKey { get; set; }

    public string? SessionId { get; set; }

    public string? WebhookOutcome { get; set; }

    public TimeSpan? WebhookLatency { get; set; }

    public string? Detail { get; set; }
}
