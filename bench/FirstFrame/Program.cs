using SecureStream.FirstFrame;

if (!FirstFrameOptions.TryParse(args, out var options, out var problem))
{
    Console.Error.WriteLine(problem);
    Console.Error.WriteLine(FirstFrameOptions.Usage);
    return 2;
}

// The gateway runs in this process and logs to the console: send that to a file, keep stdout for the report.
var report = Console.Out;
var gatewayLogPath = Path.Combine(Path.GetTempPath(), "securestream-firstframe-gateway.log");
await using var gatewayLog = new StreamWriter(gatewayLogPath) { AutoFlush = true };
Console.SetOut(gatewayLog);
report.WriteLine($"gateway log: {gatewayLogPath}");
return await FirstFrameBench.RunAsync(options, report);
