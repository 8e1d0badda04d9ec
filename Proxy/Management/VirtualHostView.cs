using System.Text.Json.Serialization;
using SecureStream.Policy.SignedUrls;

namespace SecureStream.Proxy.Management;

/// <summary>
/// OME's virtual host (<c>{"name","host":{"names":[…]}}</c>). The host names are those the policy's
/// <c>signedUrls.virtualHosts</c> entry of the same name answers for; OME's <c>host.tls</c> (certificate
/// file paths) is left out: the gateway's certificate is a listener setting, not per virtual host.
/// </summary>
internal sealed record VirtualHostView(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("host")] VirtualHostNamesView Host)
{
    public static VirtualHostView From(string name, SignedUrlKeyRing links) => new(name, new VirtualHostNamesView(links.HostNamesOf(name)));
}
