using Serilog.Core;
using Serilog.Events;
using Yarp.ReverseProxy.Forwarder;

namespace SecureStream.Proxy.Gate;

/// <summary>
/// Keeps YARP's <c>ForwardingError</c> warning (event 48, with the exception's stack trace) out of
/// the log when the error is the viewer's side of an upgraded WebSocket: a player that goes away
/// without a close handshake (tab killed, laptop closed, network gone) is an ordinary end, recorded
/// as <c>hang_up</c>, that nobody must act on. <see cref="GateMiddleware"/> logs it instead at
/// Debug without a stack trace (event 1760). Every other forwarding error — the origin's side, a
/// request that never reached an upgrade, an activity timeout — still reaches the log as YARP
/// wrote it (docs/EventIds.md, "Messages of other libraries").
/// </summary>
internal sealed class ViewerDropLogFilter : ILogEventFilter
{
    /// <summary>YARP's logger category for <see cref="IHttpForwarder"/>.</summary>
    internal const string ForwarderCategory = "Yarp.ReverseProxy.Forwarder.HttpForwarder";

    /// <summary>YARP's <c>EventIds.ForwardingError</c>.</summary>
    internal const int ForwardingErrorEventId = 48;

    /// <summary>
    /// Errors of the viewer's side after the upgrade: reading from or writing to its connection
    /// failed, or was cancelled because that connection was aborted (YARP says "canceled" when
    /// the abort is seen before the failed read; which one comes first is timing). An abort can
    /// also be ours — a session ended by a kick or its deadline aborts the connection — which is
    /// no alarm either.
    /// </summary>
    public static bool IsViewerDrop(ForwarderError error) =>
        error is ForwarderError.UpgradeRequestClient or ForwarderError.UpgradeResponseClient
            or ForwarderError.UpgradeRequestCanceled or ForwarderError.UpgradeResponseCanceled;

    /// <inheritdoc />
    public bool IsEnabled(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        return !(Is(logEvent, "SourceContext", ForwarderCategory)
                 && logEvent.Properties.TryGetValue("EventId", out var eventId)
                 && eventId is StructureValue structure
                 && structure.Properties.Any(p => p.Name == "Id" && p.Value is ScalarValue { Value: int id } && id == ForwardingErrorEventId)
                 && logEvent.Properties.TryGetValue("error", out var error)
                 && error is ScalarValue { Value: { } value }
                 && Enum.TryParse<ForwarderError>(value.ToString(), out var forwarderError)
                 && IsViewerDrop(forwarderError));
    }

    private static bool Is(LogEvent logEvent, string property, string expected) =>
        logEvent.Properties.TryGetValue(property, out var value) && value is ScalarValue { Value: string text } && text == expected;
}
