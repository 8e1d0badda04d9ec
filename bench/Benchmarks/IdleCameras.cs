using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using SecureStream.DemoCameras;

namespace SecureStream.Benchmarks;

/// <summary>
/// <c>idle-cameras N [--settle S] [--window W] [--hold H] [--proxy-dll PATH] [--gateway-arg ARG]…</c>: the real gateway as a separate
/// process with N cameras registered and nobody watching. Starts the demo camera server in this
/// process (port picked by the OS), writes a camera registry file (<c>CameraRegistry:StorePath</c>,
/// the file the management API keeps) with N cameras <c>cams/camK</c> → <c>rtsp://127.0.0.1:PORT/demo/camK</c>
/// in a temporary working directory, starts <c>dotnet SecureStream.Proxy.dll</c> there, checks
/// through the management API that all N are listed, waits S seconds (default 30), then samples
/// the gateway's resident memory (VmRSS) and CPU time (utime + stime) over W seconds (default 30)
/// and counts the connections the demo camera server holds (its own counters and ESTABLISHED
/// sockets to its port in /proc/net/tcp*), and each thread's CPU ticks and wakeups (context
/// switches). <c>--hold H</c> keeps the gateway running H seconds after the window, for strace or
/// dotnet-trace. Linux only.
/// </summary>
internal static class IdleCameras
{
    private const string App = "cams";

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
        var settle = TimeSpan.FromSeconds(Option(args, "--settle", 30));
        var window = TimeSpan.FromSeconds(Option(args, "--window", 30));
        var hold = TimeSpan.FromSeconds(Option(args, "--hold", 0));
        var proxyDll = OptionString(args, "--proxy-dll") ?? FindProxyDll();
        var repo = FindRepository();
        Console.WriteLine($"idle-cameras: {count} cameras, settle {settle.TotalSeconds} s, window {window.TotalSeconds} s, gateway {proxyDll}");

        await using var demo = new DemoCameraServer(new DemoCameraServerOptions { Port = 0 }, TimeProvider.System, NullLoggerFactory.Instance);
        await demo.StartAsync(CancellationToken.None);
        var demoPort = demo.LocalEndPoint.Port;
        Console.WriteLine($"demo camera server: {demo.LocalEndPoint}");

        var work = Directory.CreateTempSubdirectory("securestream-idle-");
        Directory.CreateDirectory(Path.Combine(work.FullName, "data"));
        File.Copy(Path.Combine(repo, "policy.json"), Path.Combine(work.FullName, "policy.json"));
        WriteRegistry(Path.Combine(work.FullName, "data", "cameras.json"), count, demoPort);

        var management = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = work.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[
            proxyDll,
            "--Listeners:Http:Address=127.0.0.1", "--Listeners:Http:Port=0",
            "--Listeners:Https:Address=127.0.0.1", "--Listeners:Https:Port=0",
            // Free ports, loopback only: other benchmarks on the machine may hold the defaults.
            "--Listeners:Origin:Port=0", "--DemoCameras:Port=0",
            "--WebRtc:Ice:Port=0", "--WebRtc:Ice:BindAddress=127.0.0.1", "--WebRtc:Ice:AdvertisedAddresses:0=127.0.0.1",
            $"--Listeners:Management:Port={management}",
            $"--CameraRegistry:MaxRegistrations={Math.Max(count, 10_000)}",
            "--Logging:LogLevel:Default=Warning",
            .. GatewayArguments(args)])
        {
            start.ArgumentList.Add(arg);
        }

        var startedAt = Stopwatch.StartNew();
        using var gateway = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var log = new StringBuilder();
        gateway.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        gateway.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        gateway.BeginOutputReadLine();
        gateway.BeginErrorReadLine();
        try
        {
            var listed = await WaitForListingAsync(gateway, work.FullName, management, log);
            Console.WriteLine($"gateway pid {gateway.Id}: management API lists {listed} cameras in app '{App}' after {startedAt.Elapsed.TotalSeconds:F1} s");
            if (listed != count)
            {
                Console.WriteLine($"WARNING: expected {count}");
            }

            var ticks = ClockTicks();
            Console.WriteLine($"settling {settle.TotalSeconds} s (RSS now {Status(gateway.Id, "VmRSS")})");
            await Task.Delay(settle);

            var cpu0 = CpuTicks(gateway.Id);
            var threads0 = ThreadTicks(gateway.Id);
            var clock = Stopwatch.StartNew();
            var rssMax = 0L;
            var rssSum = 0L;
            var samples = 0;
            var connectionsMax = 0;
            while (clock.Elapsed < window)
            {
                var rss = StatusKb(gateway.Id, "VmRSS");
                rssMax = Math.Max(rssMax, rss);
                rssSum += rss;
                samples++;
                connectionsMax = Math.Max(connectionsMax, Math.Max(demo.ActiveConnections, EstablishedTo(demoPort)));
                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            var cpu1 = CpuTicks(gateway.Id);
            var threads1 = ThreadTicks(gateway.Id);
            var elapsed = clock.Elapsed.TotalSeconds;
            var cpuSeconds = (cpu1 - cpu0) / (double)ticks;
            var rssEnd = StatusKb(gateway.Id, "VmRSS");
            Console.WriteLine();
            Console.WriteLine($"cameras registered        {listed}");
            Console.WriteLine($"window                    {elapsed:F1} s after {settle.TotalSeconds} s idle");
            Console.WriteLine($"gateway VmRSS             end {rssEnd / 1024.0:F1} MB, mean {rssSum / (double)samples / 1024.0:F1} MB, max {rssMax / 1024.0:F1} MB ({samples} samples)");
            Console.WriteLine($"gateway VmHWM             {Status(gateway.Id, "VmHWM")}");
            Console.WriteLine($"gateway threads           {Status(gateway.Id, "Threads")}");
            Console.WriteLine($"gateway CPU (utime+stime) {cpu1 - cpu0} ticks of 1/{ticks} s = {cpuSeconds:F3} s in {elapsed:F1} s = {100 * cpuSeconds / elapsed:F3} % of one core");
            Console.WriteLine($"demo server               ActiveConnections {demo.ActiveConnections}, ActiveSessions {demo.ActiveSessions}, ESTABLISHED to :{demoPort} {EstablishedTo(demoPort)}, max seen in window {connectionsMax}");
            var busiest = threads1
                .Select(t => (t.Key, t.Value.Name, Ticks: t.Value.Ticks - (threads0.TryGetValue(t.Key, out var before) ? before.Ticks : 0)))
                .Where(t => t.Ticks > 0)
                .OrderByDescending(t => t.Ticks)
                .Take(6)
                .Select(t => $"{t.Name} ({t.Key}) {t.Ticks}");
            Console.WriteLine($"gateway CPU by thread     {string.Join(", ", busiest)}");

            // Context switches count every time a thread woke, however briefly: unlike clock ticks
            // (10 ms granularity, and inflated when other processes compete for the cores) they
            // show which threads wake while nothing happens, whatever the machine's load.
            var wakeups = threads1
                .Select(t => (t.Key, t.Value.Name, Switches: t.Value.Switches - (threads0.TryGetValue(t.Key, out var before) ? before.Switches : 0)))
                .Where(t => t.Switches > 0)
                .OrderByDescending(t => t.Switches)
                .ToList();
            Console.WriteLine($"gateway wakeups           {wakeups.Sum(t => t.Switches) / elapsed:F1}/s in {wakeups.Count} of {threads1.Count} threads");
            Console.WriteLine($"gateway wakeups by thread {string.Join(", ", wakeups.Select(t => $"{t.Name} ({t.Key}) {t.Switches / elapsed:F2}/s"))}");
            Console.WriteLine($"load average              {File.ReadAllText("/proc/loadavg").Trim()}");
            if (hold > TimeSpan.Zero)
            {
                Console.WriteLine($"holding gateway pid {gateway.Id} for {hold.TotalSeconds} s (for strace or dotnet-trace)");
                await Task.Delay(hold);
            }

            return 0;
        }
        finally
        {
            if (!gateway.HasExited)
            {
                gateway.Kill();
                await gateway.WaitForExitAsync();
            }

            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static void WriteRegistry(string path, int count, int demoPort)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream);
        var created = DateTimeOffset.UtcNow;
        json.WriteStartObject();
        json.WriteNumber("version", 1);
        json.WriteStartArray("cameras");
        for (var i = 0; i < count; i++)
        {
            json.WriteStartObject();
            json.WriteString("vhost", "default");
            json.WriteString("app", App);
            json.WriteString("stream", $"cam{i}");
            json.WriteStartArray("urls");
            json.WriteStringValue($"rtsp://127.0.0.1:{demoPort}/demo/cam{i}");
            json.WriteEndArray();
            json.WriteBoolean("persistent", false);
            json.WriteString("createdAt", created);
            json.WriteNumber("noInputFailoverTimeoutMs", 3000);
            json.WriteNumber("unusedStreamDeletionTimeoutMs", 60000);
            json.WriteBoolean("ignoreRtcpSRTimestamp", false);
            json.WriteNumber("retryCount", 1);
            json.WriteBoolean("forwardQueryParams", false);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static async Task<int> WaitForListingAsync(Process gateway, string workDirectory, int port, StringBuilder log)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (gateway.HasExited)
            {
                lock (log)
                {
                    throw new InvalidOperationException($"gateway exited with {gateway.ExitCode}:\n{log}");
                }
            }

            var tokenFile = Path.Combine(workDirectory, "data", "dev-secrets", "management-token");
            if (File.Exists(tokenFile))
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/v1/vhosts/default/apps/{App}/streams");
                    request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes((await File.ReadAllTextAsync(tokenFile)).Trim())));
                    using var response = await http.SendAsync(request);
                    if (response.StatusCode == HttpStatusCode.NotFound)
                    {
                        return 0; // the registry is read before the API answers: the app has no cameras
                    }

                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                        return body.RootElement.GetProperty("response").GetArrayLength();
                    }
                }
                catch (HttpRequestException)
                {
                }
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("gateway did not answer the management API within 120 s");
    }

    private static long CpuTicks(int pid)
    {
        // /proc/PID/stat: fields after the ")" closing comm; utime and stime are fields 14 and 15.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    /// <summary>Per thread: its name, CPU ticks (utime + stime) and context switches (voluntary + involuntary).</summary>
    private static Dictionary<int, (string Name, long Ticks, long Switches)> ThreadTicks(int pid)
    {
        var result = new Dictionary<int, (string Name, long Ticks, long Switches)>();
        foreach (var dir in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                var fields = stat[(close + 2)..].Split(' ');
                var switches = File.ReadLines(Path.Combine(dir, "status"))
                    .Where(l => l.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal) || l.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                    .Sum(l => long.Parse(l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), CultureInfo.InvariantCulture));
                result[int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture)] = (
                    stat[(open + 1)..close],
                    long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture),
                    switches);
            }
            catch (IOException)
            {
                // the thread ended
            }
        }

        return result;
    }

    private static string Status(int pid, string key) =>
        File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(key + ":", StringComparison.Ordinal))?[(key.Length + 1)..].Trim() ?? "?";

    private static long StatusKb(int pid, string key) =>
        long.Parse(Status(pid, key).Split(' ')[0], CultureInfo.InvariantCulture);

    /// <summary>ESTABLISHED (state 01) TCP sockets whose local or remote port is <paramref name="port"/>, counted once per connection (the client side).</summary>
    private static int EstablishedTo(int port)
    {
        var hex = port.ToString("X4", CultureInfo.InvariantCulture);
        var count = 0;
        foreach (var file in (string[])["/proc/net/tcp", "/proc/net/tcp6"])
        {
            if (!File.Exists(file))
            {
                continue;
            }

            foreach (var line in File.ReadLines(file).Skip(1))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length > 3 && parts[3] == "01" && parts[2].EndsWith(":" + hex, StringComparison.Ordinal))
                {
                    count++;
                }
            }
        }

        return count;
    }

    private static int ClockTicks()
    {
        try
        {
            using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true });
            var text = getconf!.StandardOutput.ReadToEnd().Trim();
            getconf.WaitForExit();
            return int.Parse(text, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or System.ComponentModel.Win32Exception)
        {
            return 100;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SecureStream.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SecureStream.sln not found above " + AppContext.BaseDirectory);
    }

    private static string FindProxyDll()
    {
        var path = Path.Combine(FindRepository(), "Proxy", "bin", "Release", "net10.0", "SecureStream.Proxy.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the gateway first: dotnet build -c Release SecureStream.sln", path);
    }

    private static int Option(string[] args, string name, int fallback) =>
        OptionString(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    /// <summary>Every value after <c>--gateway-arg</c>, passed on to the gateway (e.g. <c>--gateway-arg --DemoCameras:Enabled=false</c>).</summary>
    private static IEnumerable<string> GatewayArguments(string[] args) =>
        args.Select((arg, index) => (arg, index))
            .Where(pair => pair.arg == "--gateway-arg" && pair.index + 1 < args.Length)
            .Select(pair => args[pair.index + 1]);

    private static string? OptionString(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
