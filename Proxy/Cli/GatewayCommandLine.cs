using SecureStream.Proxy.Hosting;

namespace SecureStream.Proxy.Cli;

/// <summary>
/// The executable's verbs. No verb runs the gateway; <c>sign</c>, <c>verify-audit</c> and
/// <c>check-config</c> are the tools an integrator or reviewer needs.
/// </summary>
internal static class GatewayCommandLine
{
    public static async Task<int> RunAsync(string[] args)
    {
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : null;
        var rest = verb is null ? args : args[1..];
        switch (verb)
        {
            case null or "run":
                return await RunGatewayAsync(rest);
            case "sign":
                return SignCommand.Run(rest, Console.Out, Console.Error);
            case "verify-audit":
                return VerifyAuditCommand.Run(rest, Console.Out, Console.Error);
            case "check-config":
                return CheckConfigCommand.Run(rest, Console.Out, Console.Error);
            case "help" or "--help" or "-h":
                PrintUsage(Console.Out);
                return 0;
            default:
                Console.Error.WriteLine($"unknown command '{verb}'");
                PrintUsage(Console.Error);
                return 2;
        }
    }

    private static async Task<int> RunGatewayAsync(string[] args)
    {
        try
        {
            var app = GatewayHost.Build(args);
            await app.RunAsync();
            return 0;
        }
        catch (Exception ex) when (ex is PolicyFileException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            Console.Error.WriteLine("SecureStream cannot start: the configuration is invalid.");
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine("Run 'check-config' to list every problem.");
            return 1;
        }
    }

    internal static void PrintUsage(TextWriter output)
    {
        output.WriteLine("usage: SecureStream.Proxy [run] [--Section:Key=value ...]");
        output.WriteLine("       SecureStream.Proxy sign --camera app/stream [--operator ID] [--lifetime 1h] [--stream-end 2h]");
        output.WriteLine("                               [--cidr 10.0.0.0/8] [--base ws://host:3333] [--whep] [--kid KEYID] [--jwt-kid KID] [--jti ID]");
        output.WriteLine("                               (keys from SECURESTREAM_SIGN_KEY and SECURESTREAM_JWT_KEY)");
        output.WriteLine("       SecureStream.Proxy verify-audit [journal.jsonl | journal directory] [--checkpoint-key env:NAME|file:PATH]");
        output.WriteLine("       SecureStream.Proxy check-config [--Section:Key=value ...]");
    }
}
