namespace SecureStream.Policy.Forwarding;

/// <summary>One entry of <c>forwarding.cameras</c>: the parameters a set of cameras may receive.</summary>
public sealed class ForwardingCameraSettings
{
    /// <summary>A camera pattern (<c>app/cam*</c>, see <c>CameraPattern</c>).</summary>
    public string? Pattern { get; init; }

    /// <summary>The only names forwarded to matching cameras (exact, case-sensitive); empty forwards nothing.</summary>
    public IReadOnlyList<string>? Allow { get; init; }
}
