namespace SecureStream.Proxy.Lockout;

/// <summary>
/// Automatic lockout (the <c>Gate:Lockout</c> section): a source that sends more than
/// <see cref="Threshold"/> signature or token failures within <see cref="WindowSeconds"/> is
/// refused with 429 <c>locked_out</c> for <see cref="DurationSeconds"/> (docs/configuration.md).
/// </summary>
public sealed class LockoutOptions
{
    /// <summary>False switches the lockout off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Failures a source may send within the window; one more locks it out.</summary>
    public int Threshold { get; set; } = 30;

    /// <summary>The window failures are counted in, in seconds.</summary>
    public int WindowSeconds { get; set; } = 60;

    /// <summary>How long a lockout lasts, in seconds.</summary>
    public int DurationSeconds { get; set; } = 600;

    /// <summary>Most sources tracked at once (counting or locked out).</summary>
    public int MaxSources { get; set; } = 10_000;
}
