using System.Net.Sockets;

namespace SecureStream.Media.Rtsp;

/// <summary>
/// One socket in a <see cref="RtspReceiveThread"/>'s epoll set. <see cref="Remove"/> returns only
/// once the thread is no longer inside the target's <see cref="IRtspReceiveTarget.OnReadable"/>
/// (or at once when called from it), so the target may free what its reads use afterwards.
/// </summary>
internal sealed class RtspReceiveRegistration
{
    // Held by the receive thread around each call into the target, and by Remove: a remover waits
    // for a call in progress (short: the target never blocks). Reentrant, so the target may remove
    // itself from inside OnReadable.
    private readonly Lock _gate = new();
    private readonly RtspReceiveThread _owner;
    private bool _removed;

    internal RtspReceiveRegistration(RtspReceiveThread owner, ulong id, Socket socket, IRtspReceiveTarget target)
    {
        _owner = owner;
        Id = id;
        Socket = socket;
        Target = target;
    }

    internal ulong Id { get; }

    internal Socket Socket { get; }

    internal IRtspReceiveTarget Target { get; }

    /// <summary>Takes the socket out of the epoll set; idempotent. Call before closing the socket.</summary>
    public void Remove()
    {
        lock (_gate)
        {
            if (_removed)
            {
                return;
            }

            _removed = true;
            _owner.Forget(this);
        }
    }

    internal void Dispatch()
    {
        lock (_gate)
        {
            if (!_removed)
            {
                Target.OnReadable();
            }
        }
    }

    internal void Stop()
    {
        lock (_gate)
        {
            if (_removed)
            {
                return;
            }
        }

        Target.OnReadingStopped();
    }
}
