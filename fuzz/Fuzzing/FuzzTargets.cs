using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using SecureStream.Policy.Access;
using SecureStream.Policy.Admission;
using SecureStream.Policy.PolicyFile;
using SecureStream.Policy.SignedUrls;
using SecureStream.Policy.Tickets;
using SecureStream.Policy.Tokens;
using SecureStream.Proxy.RequestShape;

namespace SecureStream.Fuzzing;

/// <summary>
/// One entry per parser of untrusted input. The harness (Program) feeds them AFL's inputs; the
/// ordinary test suite replays the kept corpus (fuzz/corpus/&lt;target&gt;/) through the same
/// functions, so a crasher once found stays fixed. A target "fails" only by throwing.
/// </summary>
public static class FuzzTargets
{
    private static readonly IReadOnlySet<string> ReservedNames = new HashSet<string>(["policy", "signature", "token"], StringComparer.Ordinal);
    private static readonly TicketKey Key = TicketKey.CreateRandom();

    /// <summary>Target names, as used for corpus folders and the harness's argument.</summary>
    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["request-target"] = RequestTarget,
        ["signed-policy"] = SignedPolicy,
        ["policy-file"] = PolicyFile,
        ["webhook-response"] = WebhookResponse,
        ["jwt"] = Jwt,
        ["ticket"] = Ticket,
    };

    public static void RequestTarget(byte[] input) =>
        RequestTargetParser.Parse(Encoding.Latin1.GetString(input), "POST", RequestShapeLimits.Default, ReservedNames);

    public static void SignedPolicy(byte[] input)
    {
        SignedPolicyParser.Parse(Encoding.Latin1.GetString(input), 1024);
        SignedPolicyParser.ParseJson(input);
    }

    public static void PolicyFile(byte[] input) => PolicyFileLoader.Load(input, TimeProvider.System);

    public static void WebhookResponse(byte[] input) => AdmissionResponseParser.Parse(input, TimeSpan.Zero, 200);

    public static void Jwt(byte[] input) =>
        new TokenLinkValidator(TimeProvider.System, NullLogger<TokenLinkValidator>.Instance)
            .ValidateAsync(new TokenInput(Encoding.Latin1.GetString(input), new CameraPath("app", "cam1"), IPAddress.Loopback), TokenKeyRing.Empty, CancellationToken.None)
            .AsTask().GetAwaiter().GetResult();

    public static void Ticket(byte[] input) =>
        new TicketValidator(Key, TimeProvider.System).Validate(Encoding.Latin1.GetString(input), new CameraPath("app", "cam1"));
}
