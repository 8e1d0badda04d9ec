using System.Diagnostics;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using SecureStream.Proxy.Tests.Docs;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Cluster.Failover;

/// <summary>
/// scripts/cluster-demo.sh as a user runs it (docs/cluster.md, "Topology"): it starts Redis, the
/// demo cameras, two origins and two front doors, prints each front door's wall address (each
/// answers 200, and its wall gives signed links this machine may use), and SIGTERM (as Ctrl-C)
/// stops every process it started.
/// </summary>
public sealed partial class ClusterDemoScriptTests
{
    [Fact]
    public async Task ClusterDemo_PrintsTheWallOfEachFrontDoor_WhichAnswers_AndStopsEverythingOnSignal()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        // Ports base+33 … base+91; a random base keeps parallel runs apart, and below 32768 it never
        // meets the ephemeral ports (ip_local_port_range) the other tests' sockets are given.
        var basePort = 20000 + (Random.Shared.Next(0, 120) * 100);
        await using var script = SampleProcess.Start(
            "/bin/bash",
            [Path.Combine(RepositoryRoot.Find(), "scripts", "cluster-demo.sh")],
            RepositoryRoot.Find(),
            new Dictionary<string, string>
            {
                ["CLUSTER_DEMO_BASE_PORT"] = basePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["CLUSTER_DEMO_PROXY_DLL"] = Path.Combine(AppContext.BaseDirectory, "SecureStream.Proxy.dll"),
            });

        while (!script.Output.Contains("Ctrl-C stops everything.", StringComparison.Ordinal))
        {
            Assert.False(script.Output.Contains("cluster-demo: stopped", StringComparison.Ordinal), "the script stopped during start:\n" + script.Output + script.Error);
            await Task.Delay(200, timeout.Token);
        }

        var walls = WallLine().Matches(script.Output).Select(m => new Uri(m.Groups["url"].Value)).ToList();
        Assert.Equal(2, walls.Count);
        Assert.All(walls, wall => Assert.Equal("127.0.0.1", wall.Host));
        Assert.NotEqual(walls[0].Port, walls[1].Port);
        using var http = new HttpClient();
        foreach (var wall in walls)
        {
            using var page = await http.GetAsync(wall, timeout.Token);
            Assert.Equal(200, (int)page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            // The wall's own signed links (what the page fetches), for this machine.
            using var links = await http.GetAsync(new Uri(wall, SecureStream.Proxy.Pages.PageEndpoints.WallLinksPath), timeout.Token);
            Assert.Equal(200, (int)links.StatusCode);
            Assert.Contains("signature=", await links.Content.ReadAsStringAsync(timeout.Token), StringComparison.Ordinal);
        }

        Assert.Contains("reverse proxy", script.Output, StringComparison.Ordinal);

        // Ctrl-C (SIGTERM here): every process ends and the ports are free again.
        using (var kill = Process.Start("kill", ["-TERM", script.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(timeout.Token);
        }

        while (!script.Output.Contains("cluster-demo: stopped", StringComparison.Ordinal))
        {
            await Task.Delay(200, timeout.Token);
        }

        foreach (var port in walls.Select(w => w.Port).Append(basePort + 79).Append(basePort + 80).Append(basePort + 81))
        {
            Assert.False(await AcceptsAsync(port), $"port {port} still answers after the script stopped");
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^Wall via fd-[ab]: (?<url>http://\S+)$", RegexOptions.Multiline)]
    private static partial Regex WallLine();
}
