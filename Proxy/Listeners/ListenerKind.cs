namespace SecureStream.Proxy.Listeners;

/// <summary>Which listener a connection arrived on; decides scheme and which routes exist.</summary>
public enum ListenerKind
{
    Http,
    Https,
    Management,
}
