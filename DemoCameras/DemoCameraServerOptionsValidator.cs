using System.Net;
using Microsoft.Extensions.Options;

namespace SecureStream.DemoCameras;

/// <summary>Checks the <c>DemoCameras</c> section at start and reports every problem at once.</summary>
internal sealed class DemoCameraServerOptionsValidator : IValidateOptions<DemoCameraServerOptions>
{
    public ValidateOptionsResult Validate(string? name, DemoCameraServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (!IPAddress.TryParse(options.Address, out _))
        {
            problems.Add("DemoCameras:Address is not an IP address; set it like 127.0.0.1 (loopback, the default) or 0.0.0.0.");
        }

        if (options.Port is < 0 or > 65535)
        {
            problems.Add("DemoCameras:Port must be between 0 and 65535 (0 picks a free port); the default is 8554.");
        }

        if (options.SessionTimeout < TimeSpan.FromSeconds(5) || options.SessionTimeout > TimeSpan.FromHours(1))
        {
            problems.Add("DemoCameras:SessionTimeout must be between 00:00:05 and 01:00:00; the default is 00:01:00.");
        }

        if (options.MaxConnections is < 1 or > 1_000_000)
        {
            problems.Add("DemoCameras:MaxConnections must be between 1 and 1000000; the default is 10000.");
        }

        if (options.SendQueueTicks is < 2 or > 1000)
        {
            problems.Add("DemoCameras:SendQueueTicks must be between 2 and 1000 (20 ms each); the default is 50.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
