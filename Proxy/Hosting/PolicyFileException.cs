namespace SecureStream.Proxy.Hosting;

/// <summary>Start-up stops here when policy.json is invalid; the message lists every problem.</summary>
internal sealed class PolicyFileException(string path, IReadOnlyList<string> errors)
    : Exception($"{path} is invalid:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
