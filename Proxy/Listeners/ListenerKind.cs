namespace SecureStream.Proxy.Listeners;

/// <summary>Which listener a connection arrived on; decides scheme and which routes exist.</summary>
public enum ListenerKind
{
    Http,
    Https,
    Management,

    /// <summary>The embedded media origin: reached by the front door over loopback, never by viewers.</summary>
    Origin,
}
