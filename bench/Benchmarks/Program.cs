using BenchmarkDotNet.Running;

namespace SecureStream.Benchmarks;

internal static class Program
{
    /// <summary>Runs the benchmarks chosen by <c>--filter</c>, <c>idle-cameras N</c> (<see cref="IdleCameras"/>), <c>origin-hop</c> (<see cref="OriginHop"/>) or <c>srtp-cpu</c> (<see cref="SrtpCpuTime"/>); see docs/BENCHMARKS.md.</summary>
    /// <remarks>
    /// Always in-process (<c>--inProcess</c> is added when missing): BenchmarkDotNet's default
    /// toolchain generates a project that references one named after the assembly
    /// (SecureStream.Benchmarks.csproj), and this one is Benchmarks.csproj. Always run a Release build.
    /// </remarks>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "idle-cameras")
        {
            return IdleCameras.RunAsync(args).GetAwaiter().GetResult();
        }

        if (args.Length > 0 && args[0] == "srtp-cpu")
        {
            return SrtpCpuTime.Run(args);
        }

        if (args.Length > 0 && args[0] == "origin-hop")
        {
            return OriginHop.RunAsync(args).GetAwaiter().GetResult();
        }

        var withInProcess = args.Contains("--inProcess", StringComparer.OrdinalIgnoreCase) ? args : [.. args, "--inProcess"];
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(withInProcess);
        return 0;
    }
}
