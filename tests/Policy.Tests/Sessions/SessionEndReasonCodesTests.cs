using SecureStream.Policy.Sessions;

namespace SecureStream.Policy.Tests.Sessions;

/// <summary>
/// The end-reason codes are a stable wire format: the codes written into <c>session.end</c>
/// records stay exactly as documented, each reason has its own, and reading a code back refuses
/// anything not on the closed list.
/// </summary>
public sealed class SessionEndReasonCodesTests
{
    [Theory]
    [InlineData(SessionEndReason.HangUp, "hang_up")]
    [InlineData(SessionEndReason.WhepDelete, "whep_delete")]
    [InlineData(SessionEndReason.Deadline, "deadline")]
    [InlineData(SessionEndReason.Kicked, "kicked")]
    [InlineData(SessionEndReason.Revoked, "revoked")]
    [InlineData(SessionEndReason.OriginRefused, "origin_refused")]
    [InlineData(SessionEndReason.AuditFailed, "audit_failed")]
    [InlineData(SessionEndReason.Shutdown, "shutdown")]
    [InlineData(SessionEndReason.ConsentLost, "consent_lost")]
    [InlineData(SessionEndReason.ConnectFailed, "connect_failed")]
    [InlineData(SessionEndReason.CameraGone, "camera_gone")]
    [InlineData(SessionEndReason.OriginError, "origin_error")]
    [InlineData(SessionEndReason.SnapshotServed, "snapshot_served")]
    [InlineData(SessionEndReason.OriginLost, "origin_lost")]
    public void Code_IsTheDocumentedOne_AndReadsBack(SessionEndReason reason, string code)
    {
        Assert.Equal(code, reason.ToCode());
        Assert.True(SessionEndReasonCodes.TryParse(code, out var parsed));
        Assert.Equal(reason, parsed);
    }

    [Fact]
    public void EveryReason_HasItsOwnCode()
    {
        var codes = Enum.GetValues<SessionEndReason>().Select(reason => reason.ToCode()).ToList();

        Assert.DoesNotContain("unknown", codes);
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("unknown")]
    [InlineData("Kicked")]
    [InlineData("KICKED")]
    [InlineData("kicked ")]
    [InlineData("hangup")]
    [InlineData("dtls_closed")]
    [InlineData("0")]
    [InlineData("something_new")]
    public void TryParse_ACodeNotOnTheList_Refused(string? code)
    {
        Assert.False(SessionEndReasonCodes.TryParse(code, out var reason));
        Assert.Equal(default, reason);
    }

    [Fact]
    public void ToCode_OfAValueOutsideTheList_IsUnknownAndDoesNotReadBack()
    {
        var outside = (SessionEndReason)999;

        Assert.Equal("unknown", outside.ToCode());
        Assert.False(SessionEndReasonCodes.TryParse(outside.ToCode(), out _));
    }
}
