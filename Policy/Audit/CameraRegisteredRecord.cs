namespace SecureStream.Policy.Audit;

/// <summary>
/// A camera entered or left the registry (<see cref="Action"/>). Security invariant: carries the
/// camera's host, never its RTSP URL with userinfo or its password.
/// </summary>
internal sealed class CameraRegisteredRecord : AuditRecord
{
    /// <summary>The application name.</summary>
    public required string App { get; init; }

    /// <summary>The camera (stream) name.</summary>
    public required string Camera { get; init; }

    /// <summary>What happened: <c>register</c> or <c>delete</c>.</summary>
    public required string Action { get; init; }

    /// <summary>Where the registration came from: <c>static</c>, <c>rest</c> or <c>redis</c>.</summary>
    public string? Source { get; init; }

    /// <summary>The camera's host (no userinfo, no path).</summary>
    public string? Host { get; init; }

    /// <summary>The operator that registered it, for REST registrations.</summary>
    public string? Operator { get; init; }

    /// <inheritdoc />
    public override string EventType => AuditEventTypes.CameraRegistered;

    /// <inheritdoc />
    internal override void WriteFields(IAuditFieldWriter writer)
    {
        writer.WriteString("app", App);
        writer.WriteString("camera", Camera);
        writer.WriteString("action", Action);
        writer.WriteString("source", Source);
        writer.WriteString("host", Host);
        writer.WriteString("operator", Operator);
    }
}
