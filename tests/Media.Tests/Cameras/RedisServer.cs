using System.Diagnostics;
using System.Net.Sockets;
using SecureStream.Media.Tests.Interop;

namespace SecureStream.Media.Tests.Cameras;

/// <summary>
/// A real <c>redis-server</c> without persistence, stopped (by its own process id) when disposed.
/// <paramref name="extraArguments"/> adds <c>--requirepass</c> or ACL users.
/// </summary>
/// <remarks>
/// redis-server cannot take a listening socket from its parent, and a TCP port picked here and
/// released for it to bind could be taken by another test in between. So it listens on no TCP port
/// at all (<c>--port 0</c>) and on a Unix socket in a folder of its own instead, which nobody else
/// can take; StackExchange.Redis reaches it as <c>!{path}</c>.
/// The tests' own writes go through <c>redis-cli</c> (<see cref="SetAsync"/>), not through
/// StackExchange.Redis: the client under test is the product's, and a fault in it (a rare parser
/// exception is known upstream) must not fail a test's setup.
/// </remarks>
internal sealed class RedisServer : IAsyncDisposable
{
    public const string Executable = "/usr/bin/redis-server";

    /// <summary>Debian's redis-cli, from the package redis-tools (a dependency of redis-server).</summary>
    public const string CliExecutable = "/usr/bin/redis-cli";

    private readonly string _directory;
    private readonly string[] _extraArguments;
    private Process _process;

    private RedisServer(Process process, string directory, string[] extraArguments)
    {
        _process = process;
        _directory = directory;
        _extraArguments = extraArguments;
    }

    /// <summary>The Unix socket redis-server listens on.</summary>
    public string SocketPath => Path.Combine(_directory, "redis.sock");

    /// <summary>The endpoint as StackExchange.Redis (and the OriginMapStore's Endpoints) take it.</summary>
    public string Endpoint => "!" + SocketPath;

    public static async Task<RedisServer> StartAsync(params string[] extraArguments)
    {
        var directory = Directory.CreateTempSubdirectory("redis-").FullName;
        var (process, problem) = await LaunchAsync(directory, extraArguments);
        var server = new RedisServer(process, directory, extraArguments);
        if (problem is not null)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException(problem);
        }

        return server;
    }

    /// <summary>Kills redis-server (an outage as clients see it: the socket refuses); <see cref="RestartAsync"/> brings it back, empty.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Starts redis-server again on the same socket, with no data (it keeps none on disk).</summary>
    public async Task RestartAsync()
    {
        await KillAsync();
        _process.Dispose();
        File.Delete(SocketPath);
        var (process, problem) = await LaunchAsync(_directory, _extraArguments);
        _process = process;
        if (problem is not null)
        {
            throw new InvalidOperationException(problem);
        }
    }

    /// <summary>Starts redis-server in <paramref name="directory"/>; a problem text when it did not accept connections.</summary>
    private static async Task<(Process Process, string? Problem)> LaunchAsync(string directory, string[] extraArguments)
    {
        var start = new ProcessStartInfo(RequiredProgram.Find(Executable, "redis-server"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var socketPath = Path.Combine(directory, "redis.sock");
        string[] arguments =
        [
            "--port", "0", "--unixsocket", socketPath, "--unixsocketperm", "700", "--dir", directory,
            "--save", "", "--appendonly", "no",
        ];
        foreach (var argument in arguments.Concat(extraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = Environment.TickCount64 + 10_000;
        while (Environment.TickCount64 < deadline && !process.HasExited)
        {
            try
            {
                using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await client.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
                return (process, null);
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        return (process, $"redis-server did not accept connections on {socketPath}: {string.Join('\n', output)}");
    }

    /// <summary><c>SET key value</c> as an operator types it, as <paramref name="user"/> with <paramref name="password"/> when given.</summary>
    public Task SetAsync(string key, string value, string? user = null, string? password = null) =>
        CliAsync("OK", user, password, "SET", key, value);

    /// <summary><c>DEL key</c> of a key that exists.</summary>
    public Task DeleteAsync(string key) => CliAsync("1", null, null, "DEL", key);

    /// <summary>Any command, as an operator types it into redis-cli; its answer (redis-cli's text, trimmed).</summary>
    public async Task<string> QueryAsync(params string[] command) => (await RunCliAsync(null, null, command)).Answer;

    /// <summary>
    /// Runs redis-cli against the socket and fails unless it answers <paramref name="expected"/>:
    /// redis-cli exits 0 even for an error reply (NOAUTH, WRONGPASS), so the answer is what counts.
    /// </summary>
    private async Task CliAsync(string expected, string? user, string? password, params string[] command)
    {
        var (answer, exitCode, error) = await RunCliAsync(user, password, command);
        if (exitCode != 0 || answer != expected)
        {
            throw new InvalidOperationException($"redis-cli {command[0]} answered '{answer}' (exit {exitCode}), expected '{expected}': {error}");
        }
    }

    private async Task<(string Answer, int ExitCode, string Error)> RunCliAsync(string? user, string? password, string[] command)
    {
        var start = new ProcessStartInfo(RequiredProgram.Find(CliExecutable, "redis-tools"))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-s");
        start.ArgumentList.Add(SocketPath);
        if (user is not null)
        {
            start.ArgumentList.Add("--user");
            start.ArgumentList.Add(user);
        }

        if (password is not null)
        {
            start.ArgumentList.Add("--pass");
            start.ArgumentList.Add(password);
            start.ArgumentList.Add("--no-auth-warning");
        }

        foreach (var argument in command)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-cli did not start");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return ((await output).Trim(), process.ExitCode, (await error).Trim());
    }

    private static void Keep(System.Collections.Concurrent.ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null && lines.Count < 50)
        {
            lines.Enqueue(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp folder's own cleanup.
        }
    }
}
