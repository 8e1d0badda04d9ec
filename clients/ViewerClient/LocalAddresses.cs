using System.Net;
using System.Net.NetworkInformation;

namespace SecureStream.ViewerClient;

/// <summary>
/// The IPv4 addresses of this machine a viewer may send to: loopback and every IPv4 unicast
/// address of its own interfaces. A datagram to one of them is delivered by the local stack and
/// never leaves the machine. IPv4 only: the viewer's socket is bound to 127.0.0.1.
/// </summary>
internal static class LocalAddresses
{
    private static readonly Lazy<HashSet<IPAddress>> Own = new(() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            .ToHashSet());

    public static bool IsOnThisMachine(IPAddress address) => address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && (IPAddress.IsLoopback(address) || Own.Value.Contains(address));
}
