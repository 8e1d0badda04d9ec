using SecureStream.Proxy.Hosting;

namespace SecureStream.Proxy.Cli;

/// <summary>
/// The executable's verbs. No verb runs the gateway; <c>sign</c>, <c>verify-audit</c> and
/// <c>check-config</c> are the tools an integrator or reviewer needs.
/// </summary>
internal static class GatewayCommandLine
{
    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error, RunGatewayAsync);

    /// <summary>Dispatches a verb; <paramref name="runGateway"/> is what no verb (or <c>run</c>) starts.</summary>
    internal static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<string[], Task<int>> runGateway)
    {
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : null;
        var rest = verb is null ? args : args[1..];
        if (AsksForHelp(verb, rest))
        {
            // Decided before the verb: "--help" starts with '-' like a setting, and starting the
            // gateway (binding ports, creating keys) is the last thing someone asking for help wants.
            PrintUsage(output);
            return 0;
        }

        switch (verb)
        {
            case null or "run":
                return await runGateway(rest);
            case "sign":
                return SignCommand.Run(rest, output, error);
            case "verify-audit":
                return VerifyAuditCommand.Run(rest, output, error);
            case "check-config":
                return CheckConfigCommand.Run(rest, output, error);
            default:
                error.WriteLine($"unknown command '{verb}'");
                PrintUsage(error);
                return 2;
        }
    }

    /// <summary>
    /// <c>help</c>; <c>--help</c> anywhere (no option takes it as a value); <c>-h</c> first or right
    /// after the verb (later it could be a value, e.g. <c>--jti -h</c>).
    /// </summary>
    private static bool AsksForHelp(string? verb, string[] rest) =>
        verb == "help" || rest.Contains("--help") || (rest.Length > 0 && rest[0] == "-h");

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
        output.WriteLine("                               [--policy policy.json]   prints the signed link, a /play/ page URL and, with");
        output.WriteLine("                               --operator, a JWT (keys from policy.json, or SECURESTREAM_SIGN_KEY / SECURESTREAM_JWT_KEY)");
        output.WriteLine("       SecureStream.Proxy verify-audit [journal.jsonl | journal directory ...] [--checkpoint-key env:NAME|file:PATH]");
        output.WriteLine("       SecureStream.Proxy check-config [--Section:Key=value ...]");
        output.WriteLine("       SecureStream.Proxy help | --help | -h");
        output.WriteLine("policy.json and data/ are read from the working directory (docs/configuration.md).");
    }
}
