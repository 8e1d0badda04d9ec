using Microsoft.IdentityModel.Tokens;
using SecureStream.Policy.Access;

namespace SecureStream.Policy.Tokens;

/// <summary>
/// Maps the JWT library's failure (reported in <c>TokenValidationResult.Exception</c>, never thrown
/// to us) to a reason code, by exception type. The exception's message is not used: it may quote
/// parts of the token.
/// </summary>
internal static class TokenFailureMap
{
    /// <summary>The reason and a fixed diagnostic for a library failure; anything unrecognised is <c>TokenInvalid</c>.</summary>
    public static (AccessReason Reason, string Detail) ToReason(Exception? failure) => failure switch
    {
        // Most derived types first: key-not-found derives from invalid-signature, expired from invalid-lifetime.
        SecurityTokenSignatureKeyNotFoundException => (AccessReason.TokenInvalid, "no key verified the signature"),
        SecurityTokenInvalidSignatureException => (AccessReason.TokenInvalid, "signature does not verify"),
        SecurityTokenInvalidAlgorithmException => (AccessReason.TokenAlgorithmRefused, "algorithm not allowed for this key"),
        SecurityTokenInvalidAudienceException => (AccessReason.TokenAudienceInvalid, "aud missing or not this gateway"),
        SecurityTokenInvalidIssuerException => (AccessReason.TokenIssuerInvalid, "iss missing or not accepted"),
        SecurityTokenInvalidTypeException => (AccessReason.TokenTypeInvalid, "typ not accepted"),
        SecurityTokenExpiredException => (AccessReason.TokenExpired, "expired"),
        SecurityTokenNotYetValidException => (AccessReason.TokenNotYetValid, "not yet valid"),
        SecurityTokenNoExpirationException => (AccessReason.TokenClaimMissing, "exp missing"),
        SecurityTokenMalformedException or ArgumentException => (AccessReason.TokenMalformed, "token could not be read"),
        _ => (AccessReason.TokenInvalid, "token refused by the JWT library"),
    };
}
