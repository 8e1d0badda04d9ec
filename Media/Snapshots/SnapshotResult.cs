using System.Diagnostics.CodeAnalysis;
using SecureStream.Media.Origin;

namespace SecureStream.Media.Snapshots;

/// <summary>A snapshot: the JPEG, or the refusal to send instead.</summary>
internal sealed record SnapshotResult(byte[]? Jpeg, OriginRefusal? Refusal)
{
    [MemberNotNullWhen(true, nameof(Jpeg))]
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool IsTaken => Refusal is null;

    public static SnapshotResult Taken(byte[] jpeg) => new(jpeg, null);

    public static SnapshotResult Refused(OriginRefusal refusal) => new(null, refusal);
}
