namespace SecureStream.FloodTool;

/// <param name="MeanHeldSeconds">Mean life of the connections that ended (null when the gateway cut none).</param>
internal sealed record HeldReport(long Opened, long Refused, long ClosedByServer, long OpenAtEnd, double? MeanHeldSeconds, double MaxHeldSeconds);
