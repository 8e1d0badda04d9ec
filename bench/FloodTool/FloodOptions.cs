using System.Net;

namespace SecureStream.FloodTool;

/// <summary>One flood, as given on the command line (<see cref="FloodArguments"/>).</summary>
internal sealed class FloodOptions
{
    /// <summary>The gateway's public HTTP listener, e.g. <c>http://127.0.0.1:3333</c>.</summary>
    public required Uri Gateway { get; init; }

    /// <summary>The path the refusals and slow requests ask for (a camera path; the credentials are forged).</summary>
    public string Path { get; init; } = "/demo/cam1/whep";

    /// <summary>The media port's ICE-TCP listener (same host as <see cref="Gateway"/>); 0 = no ICE-TCP flood.</summary>
    public int MediaPort { get; init; }

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Concurrent request loops sending forged links as fast as the gateway answers.</summary>
    public int RefusalWorkers { get; init; } = 32;

    /// <summary>Connections that send a header block one byte at a time and never finish it.</summary>
    public int SlowHeaders { get; init; } = 500;

    /// <summary>Connections that declare a WHEP offer body and trickle it.</summary>
    public int SlowBodies { get; init; } = 200;

    /// <summary>Idle connections held open at the ICE-TCP port.</summary>
    public int IceTcp { get; init; } = 500;

    /// <summary>The flood's source addresses (loopback only): every request and connection picks the next one.</summary>
    public IReadOnlyList<IPAddress> Sources { get; init; } = [IPAddress.Parse("127.0.1.1")];

    /// <summary>Pause between the bytes of a slow header or body.</summary>
    public TimeSpan Trickle { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Length of the forged requests' User-Agent: characters JSON escaping expands six-fold.</summary>
    public int UserAgentLength { get; init; } = 4000;

    public string? JsonPath { get; init; }
}
