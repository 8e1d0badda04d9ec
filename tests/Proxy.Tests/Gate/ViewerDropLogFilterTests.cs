using Microsoft.Extensions.Logging;
using SecureStream.Proxy.Gate;
using SecureStream.Proxy.Tests.Functional.Infrastructure;
using Serilog;
using Serilog.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace SecureStream.Proxy.Tests.Gate;

/// <summary>
/// The filter drops YARP's forwarding warning only for the viewer's side of an upgraded
/// connection; every other forwarding error, and anything else with event id 48, still reaches
/// the log. Events go through the same Microsoft.Extensions.Logging → Serilog bridge as in the
/// gateway, written in the shape YARP's HttpForwarder writes them.
/// </summary>
public sealed class ViewerDropLogFilterTests
{
#pragma warning disable CA1727 // YARP's own template and property names, as its HttpForwarder writes them.
    private static readonly Action<Microsoft.Extensions.Logging.ILogger, ForwarderError, string, Exception> ForwardingError =
        LoggerMessage.Define<ForwarderError, string>(Microsoft.Extensions.Logging.LogLevel.Warning, new EventId(48, "ForwardingError"), "{error}: {message}");

    private static readonly Action<Microsoft.Extensions.Logging.ILogger, ForwarderError, string, Exception> OtherEvent =
        LoggerMessage.Define<ForwarderError, string>(Microsoft.Extensions.Logging.LogLevel.Warning, new EventId(49), "{error}: {message}");
#pragma warning restore CA1727

    public static TheoryData<string, string, ForwarderError, int, bool> Cases => new()
    {
        { "viewer read failed after the upgrade", ViewerDropLogFilter.ForwarderCategory, ForwarderError.UpgradeRequestClient, 48, false },
        { "viewer write failed after the upgrade", ViewerDropLogFilter.ForwarderCategory, ForwarderError.UpgradeResponseClient, 48, false },
        { "viewer's connection aborted while reading", ViewerDropLogFilter.ForwarderCategory, ForwarderError.UpgradeRequestCanceled, 48, false },
        { "viewer's connection aborted while writing", ViewerDropLogFilter.ForwarderCategory, ForwarderError.UpgradeResponseCanceled, 48, false },
        { "origin read failed after the upgrade", ViewerDropLogFilter.ForwarderCategory, ForwarderError.UpgradeRequestDestination, 48, true },
        { "origin write failed after the upgrade", ViewerDropLogFilter.ForwarderCategory, ForwarderError.UpgradeResponseDestination, 48, true },
        { "idle WebSocket timed out", ViewerDropLogFilter.ForwarderCategory, ForwarderError.UpgradeActivityTimeout, 48, true },
        { "origin unreachable before a response", ViewerDropLogFilter.ForwarderCategory, ForwarderError.Request, 48, true },
        { "client body error without an upgrade", ViewerDropLogFilter.ForwarderCategory, ForwarderError.RequestBodyClient, 48, true },
        { "another category", "SecureStream.Proxy.Gate.GateMiddleware", ForwarderError.UpgradeRequestClient, 48, true },
        { "another event id", ViewerDropLogFilter.ForwarderCategory, ForwarderError.UpgradeRequestClient, 49, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsEnabled_ForwardingErrors_OnlyTheViewersUpgradeSideIsDropped(string name, string category, ForwarderError error, int eventId, bool kept)
    {
        var sink = new LogCapture();
        using var serilog = new LoggerConfiguration().MinimumLevel.Verbose().Filter.With(new ViewerDropLogFilter()).WriteTo.Sink(sink).CreateLogger();
        using var factory = new SerilogLoggerFactory(serilog);
        var logger = factory.CreateLogger(category);

        (eventId == 48 ? ForwardingError : OtherEvent)(logger, error, name, new IOException("connection reset"));

        Assert.Equal(kept ? 1 : 0, sink.Events.Count);
    }
}
