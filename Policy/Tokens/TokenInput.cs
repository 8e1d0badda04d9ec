using System.Net;
using SecureStream.Policy.Access;

namespace SecureStream.Policy.Tokens;

/// <summary>What the front door hands the <see cref="TokenLinkValidator"/> for one request.</summary>
/// <param name="Token">The compact JWT, without the <c>Bearer </c> prefix. A credential: never logged.</param>
/// <param name="Camera">The camera the request is routed to (already through the strict target parser).</param>
/// <param name="ClientAddress">The client address the <c>cidr</c> claim is checked against.</param>
internal readonly record struct TokenInput(string Token, CameraPath Camera, IPAddress ClientAddress)
{
    /// <summary>Redacts the token, so logging an input cannot leak the credential.</summary>
    public override string ToString() =>
        $"TokenInput {{ Camera = {Camera}, ClientAddress = {ClientAddress}, Token = [redacted, {Token?.Length ?? 0} chars] }}";
}
