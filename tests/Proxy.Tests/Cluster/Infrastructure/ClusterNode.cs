using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SecureStream.Proxy.Tests.Docs;

namespace SecureStream.Proxy.Tests.Cluster.Infrastructure;

/// <summary>What a node of the cluster under test runs: the <c>run</c> verb as a front door, or the <c>origin</c> verb.</summary>
internal enum ClusterRole
{
    FrontDoor,
    Origin,
}

/// <summary>
/// One process of the built executable (<c>dotnet SecureStream.Proxy.dll verb --settings</c>) in a
/// working folder of its own. It listens on 127.0.0.1 ports it chose itself (port 0), read from
/// Kestrel's start lines; a restart binds the same ports again, so the other nodes' settings
/// (<c>Origin:Destinations</c>) stay right. Its output is kept across restarts.
/// </summary>
internal sealed partial class ClusterNode : IAsyncDisposable
{
    private readonly string _verb;
    private readonly Func<int, int, string[]> _settings;
    private readonly StringBuilder _earlierRuns = new();
    private SampleProcess? _process;

    internal ClusterNode(string name, ClusterRole role, string address, int port, string folder, string? journalPath, Func<int, int, string[]> settings)
    {
        Name = name;
        Address = address;
        Port = port;
        Role = role;
        Folder = folder;
        JournalPath = journalPath;
        _verb = role == ClusterRole.FrontDoor ? "run" : "origin";
        _settings = settings;
    }

    /// <summary>The node's id (<c>Cluster:NodeId</c>), e.g. <c>fd-a</c> or <c>origin-b</c>.</summary>
    public string Name { get; }

    public ClusterRole Role { get; }

    /// <summary>The process's working folder (its <c>data/</c>).</summary>
    public string Folder { get; }

    /// <summary>A front door's own audit journal; null for an origin, which keeps none.</summary>
    public string? JournalPath { get; }

    /// <summary>The loopback address it listens on (127.0.0.1 unless <see cref="ClusterOptions.OriginEndpoints"/> says otherwise).</summary>
    public string Address { get; }

    /// <summary>A front door's public HTTP listener; an origin's signalling listener (<c>Listeners:Origin</c>).</summary>
    public int Port { get; private set; }

    /// <summary>A front door's management listener (0 for an origin).</summary>
    public int ManagementPort { get; private set; }

    /// <summary><c>http://{Address}:{Port}</c>, as the front doors list an origin in <c>Origin:Destinations</c>.</summary>
    public Uri BaseUri => new($"http://{Address}:{Port}");

    /// <summary>Whether the process is running now.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Everything the node wrote to standard output and error, across every start.</summary>
    public string Output => _earlierRuns + (_process is null ? string.Empty : _process.Output + _process.Error);

    /// <summary>Starts the process (again, on the same ports once it has had them) and waits until it listens.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name} is already running");
        }

        await ForgetProcessAsync();
        _process = SampleProcess.Start(
            "dotnet", [Path.Combine(AppContext.BaseDirectory, "SecureStream.Proxy.dll"), _verb, .. _settings(Port, ManagementPort)], Folder);
        var ports = await ListeningPortsAsync(Role == ClusterRole.FrontDoor ? 2 : 1, cancellationToken);
        Port = ports[0];
        ManagementPort = Role == ClusterRole.FrontDoor ? ports[1] : 0;
    }

    /// <summary>Stops the process as an operator's <c>systemctl stop</c> does (SIGTERM: a graceful shutdown) and waits for it to exit.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!IsRunning)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process!.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }

        await _process.WaitForExitAsync(cancellationToken);
    }

    /// <summary>Kills the process (SIGKILL: a crash or a lost machine, nothing said to anybody).</summary>
    public async Task KillAsync() => await ForgetProcessAsync();

    /// <summary>Stops the process gracefully if it runs, then starts it again on the same ports.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await StopAsync(cancellationToken);
        await StartAsync(cancellationToken);
    }

    public override string ToString() => $"--- {Name} ({Role}, port {Port}{(IsRunning ? string.Empty : ", not running")}) ---\n{Output}";

    public async ValueTask DisposeAsync() => await ForgetProcessAsync();

    /// <summary>Kills the current process if any and keeps what it wrote.</summary>
    private async Task ForgetProcessAsync()
    {
        if (_process is null)
        {
            return;
        }

        await _process.DisposeAsync();
        _earlierRuns.Append(_process.Output).Append(_process.Error).Append("--- (process ended) ---\n");
        _process = null;
    }

    /// <summary>The ports of the process's listeners in the order Kestrel bound them; fails with what it wrote when it does not start.</summary>
    private async Task<int[]> ListeningPortsAsync(int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            var ports = Listening().Matches(_process!.Output)
                .Select(match => int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture))
                .ToArray();
            if (ports.Length >= count)
            {
                return ports;
            }

            if (_process.HasExited || cancellationToken.IsCancellationRequested)
            {
                Assert.Fail($"{Name} did not start listening:\n{Output}");
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    [GeneratedRegex(@"Now listening on: http://127\.\d+\.\d+\.\d+:(?<port>\d+)")]
    private static partial Regex Listening();
}
