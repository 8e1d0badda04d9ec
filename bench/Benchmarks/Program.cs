using BenchmarkDotNet.Running;

namespace SecureStream.Benchmarks;

internal static class Program
{
    /// <summary>Runs the benchmarks chosen by <c>--filter</c> (see docs/BENCHMARKS.md).</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
