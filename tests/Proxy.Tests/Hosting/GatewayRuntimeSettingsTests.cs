using System.Diagnostics;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
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

        var publish = (await EvaluateAsync(["-getProperty:PublishReadyToRun,RuntimeIdentifier,SelfContained", "-p:_IsPublishing=true"], timeout.Token)).GetProperty("Properties");
        var build = (await EvaluateAsync(["-getProperty:PublishReadyToRun,RuntimeIdentifier,SelfContained"], timeout.Token)).GetProperty("Properties");

        Assert.Equal("true", publish.GetProperty("PublishReadyToRun").GetString());
        Assert.False(string.IsNullOrEmpty(publish.GetProperty("RuntimeIdentifier").GetString()));
        Assert.Equal("false", publish.GetProperty("SelfContained").GetString());
        // "dotnet run" and the tests keep the portable build (no runtime identifier, no output path change).
        Assert.Equal(string.Empty, build.GetProperty("RuntimeIdentifier").GetString());
    }

    [Fact]
    public async Task NativeAotPublish_NeedsNoReadyToRunSwitchOff()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        var aot = (await EvaluateAsync(["-getProperty:PublishReadyToRun,PublishAot", "-p:_IsPublishing=true", "-p:PublishAot=true"], timeout.Token)).GetProperty("Properties");

        // "-p:PublishAot=true" alone is the documented native AOT publish: ReadyToRun stays off for it.
        Assert.Equal("true", aot.GetProperty("PublishAot").GetString());
        Assert.Equal(string.Empty, aot.GetProperty("PublishReadyToRun").GetString());
    }

    [Fact]
    public async Task NativeAotPublish_CompilesForSize_WithoutEventSource_KeepsStackTracesAndMessages()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        const string names = "-getProperty:OptimizationPreference,EventSourceSupport,StackTraceSupport,UseSystemResourceKeys";

        var aot = (await EvaluateAsync([names, "-p:_IsPublishing=true", "-p:PublishAot=true"], timeout.Token)).GetProperty("Properties");
        var publish = (await EvaluateAsync([names, "-p:_IsPublishing=true"], timeout.Token)).GetProperty("Properties");

        // docs/benchmarks/memory-and-startup.md, "Native AOT: the last megabytes".
        Assert.Equal("Size", aot.GetProperty("OptimizationPreference").GetString());
        Assert.Equal("false", aot.GetProperty("EventSourceSupport").GetString());
        // Logged exceptions keep their method names and their messages.
        Assert.NotEqual("false", aot.GetProperty("StackTraceSupport").GetString());
        Assert.NotEqual("true", aot.GetProperty("UseSystemResourceKeys").GetString());
        // The JIT'd publish is untouched: EventSource stays on (the runtime's default), so
        // dotnet-counters and dotnet-trace still attach to it.
        Assert.Equal(string.Empty, publish.GetProperty("OptimizationPreference").GetString());
        Assert.NotEqual("false", publish.GetProperty("EventSourceSupport").GetString());
    }

    [Fact]
    public async Task NativeAotPublish_CompilesInA4MegabyteGen0Budget_OtherBuildsDoNot()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        var aot = await EvaluateAsync(["-getItem:IlcArg", "-p:_IsPublishing=true", "-p:PublishAot=true"], timeout.Token);
        var publish = await EvaluateAsync(["-getItem:IlcArg", "-p:_IsPublishing=true"], timeout.Token);

        // GCgen0size is read as hexadecimal: 400000 is 4 MB (docs/benchmarks/memory-and-startup.md).
        Assert.Contains("--runtimeopt:GCgen0size=400000", ItemsOf(aot, "IlcArg"));
        Assert.DoesNotContain(ItemsOf(publish, "IlcArg"), argument => argument.Contains("GCgen0size", StringComparison.Ordinal));
    }

    /// <summary>The identities of the evaluated items named <paramref name="name"/>; none when msbuild listed none.</summary>
    private static List<string> ItemsOf(JsonElement evaluated, string name) =>
        evaluated.TryGetProperty("Items", out var items) && items.TryGetProperty(name, out var named)
            ? named.EnumerateArray().Select(item => item.GetProperty("Identity").GetString()!).ToList()
            : [];

    [Fact]
    public async Task TrimmedPublish_TrimsEveryAspNetCoreAssemblyThatDoesNotDeclareItselfTrimmable()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        // The ASP.NET Core shared framework the tests run on: the same assemblies a self-contained publish copies.
        var framework = Path.GetDirectoryName(typeof(WebApplication).Assembly.Location)!;
        var notTrimmable = Directory.GetFiles(framework, "*.dll")
            .Where(path => !DeclaresItselfTrimmable(path))
            .Select(path => Path.GetFileNameWithoutExtension(path))
            .ToList();

        var evaluated = await EvaluateAsync(["-getItem:TrimmableAssembly", "-p:PublishTrimmed=true"], timeout.Token);
        var trimmable = ItemsOf(evaluated, "TrimmableAssembly").ToHashSet(StringComparer.Ordinal);

        // A framework whose every assembly were trimmable would make the list meaningless; MVC is not (.NET 10).
        Assert.Contains("Microsoft.AspNetCore.Mvc", notTrimmable);
        Assert.All(notTrimmable, name => Assert.Contains(name, trimmable));
    }

    private static bool DeclaresItselfTrimmable(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            return false;
        }

        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = metadata.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference)
            {
                continue;
            }

            var parent = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
            if (parent.Kind != HandleKind.TypeReference
                || !metadata.StringComparer.Equals(metadata.GetTypeReference((TypeReferenceHandle)parent).Name, "AssemblyMetadataAttribute"))
            {
                continue;
            }

            // [AssemblyMetadata("IsTrimmable", "True")]: prolog, then the key and the value as serialized strings.
            var value = metadata.GetBlobReader(attribute.Value);
            value.ReadUInt16();
            if (value.ReadSerializedString() == "IsTrimmable" && string.Equals(value.ReadSerializedString(), "True", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<JsonElement> EvaluateAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "msbuild", Path.Combine(RepositoryRoot.Find(), "Proxy", "Proxy.csproj"), "-nologo" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        Assert.True(process.ExitCode == 0, await errors);
        using var document = JsonDocument.Parse(await output);
        return document.RootElement.Clone();
    }
}
