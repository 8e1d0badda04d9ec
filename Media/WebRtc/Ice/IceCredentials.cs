using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace SecureStream.Media.WebRtc.Ice;

/// <summary>
/// One side's ICE username fragment and password (RFC 8445 §5.3, RFC 8839 §5.4). The password
/// is the MESSAGE-INTEGRITY key of every check sent to that side, so <see cref="ToString"/> never
/// shows it.
/// </summary>
internal sealed class IceCredentials
{
    /// <summary>ice-char = ALPHA / DIGIT / "+" / "/" (RFC 8839 §5.4).</summary>
    public const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public const int MinUfragLength = 4;
    public const int MinPasswordLength = 22;
    public const int MaxLength = 256;

    /// <summary>Generated ufrags: 8 ice-chars (48 bits) — also the routing key on the shared port.</summary>
    public const int GeneratedUfragLength = 8;

    /// <summary>Generated passwords: 24 ice-chars (144 bits), above the 128 bits RFC 8445 §5.3 asks for.</summary>
    public const int GeneratedPasswordLength = 24;

    private static readonly SearchValues<char> IceCharValues = SearchValues.Create(IceChars);

    private readonly byte[] _passwordBytes;

    public IceCredentials(string ufrag, string password)
    {
        if (!IsValid(ufrag, MinUfragLength))
        {
            throw new ArgumentException($"An ICE ufrag is {MinUfragLength}–{MaxLength} ice-chars.", nameof(ufrag));
        }

        if (!IsValid(password, MinPasswordLength))
        {
            throw new ArgumentException($"An ICE password is {MinPasswordLength}–{MaxLength} ice-chars.", nameof(password));
        }

        Ufrag = ufrag;
        Password = password;

        // ice-chars are ASCII, so SASLprep (RFC 8489 §9.1.1) leaves them unchanged.
        _passwordBytes = Encoding.ASCII.GetBytes(password);
    }

    public string Ufrag { get; }

    /// <summary>Goes into the SDP (a=ice-pwd) and nowhere else: never logged.</summary>
    public string Password { get; }

    internal ReadOnlySpan<byte> PasswordBytes => _passwordBytes;

    /// <summary>Fresh random credentials from the system CSPRNG.</summary>
    public static IceCredentials Generate() => new(
        RandomNumberGenerator.GetString(IceChars, GeneratedUfragLength),
        RandomNumberGenerator.GetString(IceChars, GeneratedPasswordLength));

    /// <summary>True when <paramref name="value"/> is <paramref name="minLength"/>–256 ice-chars (RFC 8839 §5.4).</summary>
    public static bool IsValid(string? value, int minLength) =>
        value is not null && value.Length >= minLength && value.Length <= MaxLength && value.AsSpan().IndexOfAnyExcept(IceCharValues) < 0;

    public override string ToString() => $"ufrag {Ufrag}, password redacted";
}
