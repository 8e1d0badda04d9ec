using System.Net;
using Microsoft.Extensions.Options;

namespace SecureStream.Media.WebRtc.Ice;

/// <summary>Checks <see cref="IceEndpointOptions"/> at start and reports every problem at once (STYLE §2).</summary>
internal sealed class IceEndpointOptionsValidator : IValidateOptions<IceEndpointOptions>
{
    public ValidateOptionsResult Validate(string? name, IceEndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!IPAddress.TryParse(options.BindAddress, out _))
        {
            errors.Add($"{IceEndpointOptions.SectionName}:BindAddress '{options.BindAddress}' is not an IP address; set an address such as 0.0.0.0 or ::.");
        }

        if (options.Port is < 0 or > 65535)
        {
            errors.Add($"{IceEndpointOptions.SectionName}:Port {options.Port} is not a port; set 1–65535 (default 10000).");
        }

        if (!options.AdvertiseUdp && !options.EnableTcp)
        {
            errors.Add($"{IceEndpointOptions.SectionName}:AdvertiseUdp is false and EnableTcp is false: viewers would get no candidate; enable one of them.");
        }

        for (var i = 0; i < options.AdvertisedAddresses.Count; i++)
        {
            var address = options.AdvertisedAddresses[i];
            if (!IPAddress.TryParse(address, out _) && Uri.CheckHostName(address) != UriHostNameType.Dns)
            {
                errors.Add($"{IceEndpointOptions.SectionName}:AdvertisedAddresses:{i} '{address}' is neither an IP address nor a host name; set the address viewers reach this origin at.");
            }
        }

        if (options.MaxTcpConnections < 1)
        {
            errors.Add($"{IceEndpointOptions.SectionName}:MaxTcpConnections must be at least 1.");
        }

        if (options.MaxUnverifiedTcpConnections < 1 || options.MaxUnverifiedTcpConnections > options.MaxTcpConnections)
        {
            errors.Add($"{IceEndpointOptions.SectionName}:MaxUnverifiedTcpConnections {options.MaxUnverifiedTcpConnections} is out of range; set 1 up to MaxTcpConnections ({options.MaxTcpConnections}), default 1024.");
        }

        if (options.MaxUnverifiedTcpConnectionsPerAddress < 1 || options.MaxUnverifiedTcpConnectionsPerAddress > options.MaxUnverifiedTcpConnections)
        {
            errors.Add($"{IceEndpointOptions.SectionName}:MaxUnverifiedTcpConnectionsPerAddress {options.MaxUnverifiedTcpConnectionsPerAddress} is out of range; set 1 up to MaxUnverifiedTcpConnections ({options.MaxUnverifiedTcpConnections}), default 16.");
        }

        if (options.TcpVerificationTimeout <= TimeSpan.Zero || options.TcpVerificationTimeout > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{IceEndpointOptions.SectionName}:TcpVerificationTimeout must be between 00:00:01 and 00:01:00.");
        }

        if (options.DropReportInterval < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{IceEndpointOptions.SectionName}:DropReportInterval must be at least 00:00:01.");
        }

        if (!TryParseSendBatching(options.SendBatching, out _))
        {
            errors.Add($"{IceEndpointOptions.SectionName}:SendBatching '{options.SendBatching}' is not a send path; set auto (default), gso, sendmmsg or off.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Reads <see cref="IceEndpointOptions.SendBatching"/>: one of the names, any case, never a number.</summary>
    internal static bool TryParseSendBatching(string? value, out Batching.SendBatchingMode mode)
    {
        mode = Batching.SendBatchingMode.Auto;
        return value is not null
            && value.Length > 0
            && char.IsLetter(value[0])
            && Enum.TryParse(value, ignoreCase: true, out mode)
            && Enum.IsDefined(mode);
    }
}
