using System.Diagnostics;

namespace SecureStream.Proxy.Gate;

/// <summary>
/// One trace id per request, the same in the audit record and in the error the client sees, so a
/// refused client's report can be matched to its record.
/// </summary>
internal static class GateTrace
{
    public static string IdOf(HttpContext context) =>
        Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
}
