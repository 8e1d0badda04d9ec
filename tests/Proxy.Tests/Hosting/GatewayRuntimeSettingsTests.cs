using System.Diagnostics;
using System.Text.Json;
using SecureStream.Proxy.Tests.Functional.Infrastructure;

namespace SecureStream.Proxy.Tests.Hosting;

/// <summary>
/// The runtime settings the gateway ships with (build/GatewayRuntime.props, Proxy.csproj), as the
/// runtime reads them from SecureStream.Proxy.runtimeconfig.json and as a publish evaluates them:
/// the GC and JIT choices of docs/benchmarks/memory-and-startup.md cannot be lost by an edit that
/// nobody measured.
/// </summary>
public sealed class GatewayRuntimeSettingsTests
{
    [Fact]
    public void RuntimeConfig_WorkstationConcurrentGcAndNoInstrumentedTier()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "SecureStream.Proxy.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var properties = document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.False(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.True(properties.GetProperty("System.GC.Concurrent").GetBoolean());
        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
        Assert.Equal(0, properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }

    [Fact]
    public async Task Publish_CompilesReadyToRunForThisMachine_BuildDoesNot()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var project = Path.Combine(RepositoryRoot.Find(), "Proxy", "Proxy.csproj");

        var publish = await EvaluateAsync(project, "-p:_IsPublishing=true", timeout.Token);
        var build = await EvaluateAsync(project, null, timeout.Token);

        Assert.Equal("true", publish.GetProperty("PublishReadyToRun").GetString());
        Assert.False(string.IsNullOrEmpty(publish.GetProperty("RuntimeIdentifier").GetString()));
        Assert.Equal("false", publish.GetProperty("SelfContained").GetString());
        // "dotnet run" and the tests keep the portable build (no runtime identifier, no output path change).
        Assert.Equal(string.Empty, build.GetProperty("RuntimeIdentifier").GetString());
    }

    private static async Task<JsonElement> EvaluateAsync(string project, string? extra, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "msbuild", project, "-nologo", "-getProperty:PublishReadyToRun,RuntimeIdentifier,SelfContained" })
        {
            start.ArgumentList.Add(argument);
        }

        if (extra is not null)
        {
            start.ArgumentList.Add(extra);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        Assert.True(process.ExitCode == 0, await errors);
        using var document = JsonDocument.Parse(await output);
        return document.RootElement.GetProperty("Properties").Clone();
    }
}
