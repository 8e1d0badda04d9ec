using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace SecureStream.Proxy.Tests.Docs;

/// <summary>What a sample printed and how it ended.</summary>
internal sealed record SampleRun(int ExitCode, string Output, string Error)
{
    /// <summary>The last non-empty line of standard output (what the sample printed last).</summary>
    public string LastLine => Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty;

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}

/// <summary>
/// Runs a sample the way a user does (<c>python3 file.py</c>, <c>node file.mjs</c>, <c>sh file.sh</c>,
/// <c>dotnet run file.cs</c>) in its own working directory. A missing tool fails the test with
/// what to install, never skips it.
/// </summary>
internal sealed class SampleProcess : IAsyncDisposable
{
    /// <summary>Debian's interpreter: the one python3-jwt installs PyJWT for (scripts/test.sh).</summary>
    public const string Python = "/usr/bin/python3";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private SampleProcess(Process process) => _process = process;

    /// <summary>The operating system's id of the process (to signal this one process, and no other).</summary>
    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>Everything written to standard output so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Everything written to standard error so far.</summary>
    public string Error
    {
        get
        {
            lock (_output)
            {
                return _error.ToString();
            }
        }
    }

    public static SampleProcess Start(string program, IEnumerable<string> arguments, string workingDirectory, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var sample = new SampleProcess(process);
        process.OutputDataReceived += (_, e) => sample.Append(sample._output, e.Data);
        process.ErrorDataReceived += (_, e) => sample.Append(sample._error, e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"'{program}' cannot be started ({ex.Message}): run scripts/test.sh, which installs what the doc samples need.", ex);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return sample;
    }

    /// <summary>Runs to the end (bounded: a hung sample fails the test rather than hanging it).</summary>
    public static async Task<SampleRun> RunAsync(
        string program, IEnumerable<string> arguments, string workingDirectory, IDictionary<string, string>? environment = null, int timeoutSeconds = 120)
    {
        await using var sample = Start(program, arguments, workingDirectory, environment);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            await sample._process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {timeoutSeconds} s:\n{sample.Output}");
        }

        sample._process.WaitForExit();
        string error;
        lock (sample._output)
        {
            error = sample._error.ToString();
        }

        return new SampleRun(sample._process.ExitCode, sample.Output, error);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(StringBuilder text, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            text.Append(line).Append('\n');
        }
    }
}
