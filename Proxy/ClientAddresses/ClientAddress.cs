using System.Net;

namespace SecureStream.Proxy.ClientAddresses;

/// <summary>The client's address as the gate uses it (docs/links.md <c>real_ip</c>), and where it came from.</summary>
/// <param name="Address">The address; IPv4-mapped IPv6 is given as IPv4.</param>
/// <param name="Source">Which input supplied it.</param>
internal readonly record struct ClientAddress(IPAddress Address, ClientAddressSource Source);
