using SecureStream.Fuzzing;
using SharpFuzz;

// Usage (after instrumenting the assemblies, see fuzz/README.md):
//   afl-fuzz -i fuzz/corpus/<target> -o findings -- dotnet fuzz/Fuzzing/bin/Release/net10.0/SecureStream.Fuzzing.dll <target>
if (args.Length != 1 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine("usage: SecureStream.Fuzzing <target>; targets: " + string.Join(", ", FuzzTargets.All.Keys));
    return 2;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target(buffer.ToArray());
});
return 0;
