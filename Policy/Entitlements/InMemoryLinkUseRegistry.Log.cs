using Microsoft.Extensions.Logging;

namespace SecureStream.Policy.Entitlements;

internal sealed partial class InMemoryLinkUseRegistry
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 2220, EventName = "LinkUsesPruned", Level = LogLevel.Debug,
            Message = "Forgot {Removed} expired link ids; {Remaining} remembered")]
        public static partial void Pruned(ILogger logger, int removed, int remaining);

        // Warning: someone must act (raise the capacity or shorten link lifetimes); until then new
        // single-use links are refused.
        [LoggerMessage(EventId = 2221, EventName = "LinkUseRegistryFull", Level = LogLevel.Warning,
            Message = "Link-use registry holds {Capacity} live link ids; new link ids are refused until some expire")]
        public static partial void RegistryFull(ILogger logger, int capacity);
    }
}
