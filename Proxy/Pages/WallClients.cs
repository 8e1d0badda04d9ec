using System.Net;
using Microsoft.Extensions.Options;
using SecureStream.Policy.Access;
using SecureStream.Proxy.ClientAddresses;
using SecureStream.Proxy.Gate;

namespace SecureStream.Proxy.Pages;

/// <summary>
/// Who gets the demo wall's links: a client inside <c>DemoCameras:WallClients</c> (default this
/// machine), not forwarded by a proxy the gateway does not trust, within its per-address rate.
/// Every refusal is cheap (a network match, one token-bucket lookup) and writes no audit record:
/// nothing was issued, and a record per refusal would let a flood write the journal.
/// </summary>
/// <remarks>
/// Security invariant: a request that carries <c>X-Forwarded-For</c> / <c>X-Real-IP</c> from a
/// peer outside <c>TrustedProxies</c> is refused. A reverse proxy on this machine makes every
/// client look like loopback; without that rule it would hand working links to the whole internet.
/// </remarks>
internal sealed class WallClients
{
    private readonly IPNetwork[] _networks;
    private readonly ClientRateLimiter _rate;

    public WallClients(IOptions<DemoWallOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        var configured = settings.WallClients.Count == 0 ? DemoWallOptions.LoopbackNetworks : [.. settings.WallClients];
        _networks = [.. configured.Select(text => IPNetwork.Parse(text.Trim()))];
        _rate = new ClientRateLimiter(settings.WallRequestsPerSecond, settings.WallBurst, time);
    }

    /// <summary>
    /// <see cref="AccessReason.Allowed"/>, or why not: <see cref="AccessReason.DemoWallClientNotAllowed"/>
    /// (outside the networks, or forwarded by an untrusted peer) or <see cref="AccessReason.RateLimited"/>.
    /// </summary>
    /// <param name="client">The address the gate's resolver gave.</param>
    /// <param name="forwarded">Whether the request carried X-Forwarded-For or X-Real-IP.</param>
    public AccessReason Admit(ClientAddress client, bool forwarded)
    {
        if (forwarded && client.Source == ClientAddressSource.Peer)
        {
            return AccessReason.DemoWallClientNotAllowed;
        }

        var address = client.Address.IsIPv4MappedToIPv6 ? client.Address.MapToIPv4() : client.Address;
        if (!Array.Exists(_networks, network => network.Contains(address)))
        {
            return AccessReason.DemoWallClientNotAllowed;
        }

        return _rate.TryAcquire(address) ? AccessReason.Allowed : AccessReason.RateLimited;
    }
}
