using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace SecureStream.Media.Rtsp;

/// <summary>
/// A thread of the gateway's own that reads every registered camera connection: one epoll set
/// (level-triggered), non-blocking <c>recv</c>, and the bytes handled on this thread (parse,
/// depacketize, fan out, and for a camera with few viewers their sends), so a camera's burst costs
/// one thread wake-up. Read asynchronously, each of a frame's 1–3 reads woke the runtime's sockets
/// event thread and then a thread-pool worker; a thread per camera cut that but cost more with
/// many cameras (docs/benchmarks/pull-cost.md). Linux only; elsewhere, or when
/// <c>Rtsp:ReceiveMode</c> is <c>Async</c>, connections read asynchronously as before.
/// </summary>
/// <remarks>
/// One <c>recv</c> per ready socket per wait: a camera that floods its connection is read a
/// buffer at a time between the others' reads, never to exhaustion first. The handlers never
/// wait (the fan-out's sends are non-blocking); a connection's writes leave this thread before
/// they may block (<see cref="RtspConnection"/>). The threads live as long as the process, like
/// the runtime's own socket threads, and cost nothing while their sockets are quiet.
/// </remarks>
internal sealed unsafe partial class RtspReceiveThread
{
    private const int MaxEventsPerWait = 64;

    // Small: the frames on it are the parser's, the depacketizer's and the fan-out's, never deep.
    private const int StackBytes = 256 * 1024;

    [ThreadStatic]
    private static bool t_isReceiveThread;

    private static readonly Lock s_startLock = new();
    private static RtspReceiveThread[]? s_threads;
    private static bool s_probed;
    private static string? s_unavailableReason;

    private readonly int _epoll;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<ulong, RtspReceiveRegistration> _registrations = new();
    private long _nextId;
    private volatile bool _stopped;

    private RtspReceiveThread(int epoll, int index, ILogger logger)
    {
        _epoll = epoll;
        _logger = logger;
        var thread = new Thread(static state => ((RtspReceiveThread)state!).Run(), StackBytes)
        {
            IsBackground = true,
            Name = index == 0 ? "RTSP receive" : "RTSP receive " + index,
        };
        thread.Start(this);
    }

    /// <summary>True on a shared receive thread: work that may block must leave it first.</summary>
    public static bool IsCurrentThread => t_isReceiveThread;

    /// <summary>Sockets registered now.</summary>
    public int Count => _registrations.Count;

    /// <summary>
    /// The thread a new plain-TCP connection should register with, or null for asynchronous reads
    /// (<paramref name="mode"/> <c>Async</c>, or no epoll here). The first call probes and logs the choice.
    /// </summary>
    public static RtspReceiveThread? Pick(RtspReceiveMode mode, ILogger logger)
    {
        if (mode == RtspReceiveMode.Async)
        {
            LogChoiceOnce(mode, logger, shared: false);
            return null;
        }

        var threads = StartOnce(logger);
        LogChoiceOnce(mode, logger, shared: threads is not null);
        if (threads is null)
        {
            return null;
        }

        RtspReceiveThread? best = null;
        foreach (var thread in threads)
        {
            if (!thread._stopped && (best is null || thread.Count < best.Count))
            {
                best = thread;
            }
        }

        return best;
    }

    /// <summary>Adds <paramref name="socket"/> (connected, blocking, never used asynchronously); null if the kernel refused.</summary>
    public RtspReceiveRegistration? TryRegister(Socket socket, IRtspReceiveTarget target)
    {
        if (_stopped)
        {
            return null;
        }

        var id = (ulong)Interlocked.Increment(ref _nextId);
        var registration = new RtspReceiveRegistration(this, id, socket, target);
        _registrations[id] = registration;
        if (!Control(LinuxEpollInterop.EpollControlAdd, socket, id))
        {
            _registrations.TryRemove(id, out _);
            return null;
        }

        return registration;
    }

    /// <summary>
    /// Reads what the socket holds without waiting: the byte count, 0 at the connection's end, -1
    /// when nothing is there (a spurious wake-up), -2 on an error (the connection is gone).
    /// </summary>
    public static int Receive(Socket socket, Span<byte> buffer)
    {
        nint read;
        fixed (byte* bytes = buffer)
        {
            read = LinuxEpollInterop.Receive(socket.SafeHandle, bytes, (nuint)buffer.Length, LinuxEpollInterop.MsgDontWait);
        }

        if (read >= 0)
        {
            return (int)read;
        }

        return Marshal.GetLastPInvokeError() is LinuxEpollInterop.EAgain or LinuxEpollInterop.EIntr ? -1 : -2;
    }

    internal void Forget(RtspReceiveRegistration registration)
    {
        // The kernel drops a closed socket from the set by itself; a disposed socket needs nothing.
        Control(LinuxEpollInterop.EpollControlDelete, registration.Socket, registration.Id);
        _registrations.TryRemove(registration.Id, out _);
    }

    private static RtspReceiveThread[]? StartOnce(ILogger logger)
    {
        lock (s_startLock)
        {
            if (s_probed)
            {
                return s_threads;
            }

            s_probed = true;
            if (!LinuxEpollInterop.IsSupported)
            {
                s_unavailableReason = "no epoll on this system";
                return null;
            }

            // One thread per core: a camera's frame is handled where it was read (its fan-out, and
            // for a camera with few viewers their SRTP and sends), so fewer threads than cores would
            // cap what many such cameras can use at part of the machine. A quiet thread costs nothing.
            var count = Math.Max(1, Environment.ProcessorCount);
            var threads = new RtspReceiveThread[count];
            for (var i = 0; i < count; i++)
            {
                var epoll = LinuxEpollInterop.EpollCreate(LinuxEpollInterop.EpollCloseOnExec);
                if (epoll < 0)
                {
                    s_unavailableReason = "epoll_create1 failed with errno " + Marshal.GetLastPInvokeError();
                    return i == 0 ? null : s_threads = threads[..i];
                }

                threads[i] = new RtspReceiveThread(epoll, i, logger);
            }

            return s_threads = threads;
        }
    }

    private static int s_choiceLogged;

    private static void LogChoiceOnce(RtspReceiveMode mode, ILogger logger, bool shared)
    {
        if (Interlocked.Exchange(ref s_choiceLogged, 1) != 0)
        {
            return;
        }

        var path = shared ? "the shared receive thread" : "asynchronous reads";
        if (mode == RtspReceiveMode.SharedThread && !shared)
        {
            Log.ReceivePathUnavailable(logger, mode, s_unavailableReason ?? "unknown", path);
            return;
        }

        Log.ReceivePathChosen(logger, path, mode);
    }

    private bool Control(int operation, Socket socket, ulong id)
    {
        SafeHandle handle;
        try
        {
            handle = socket.SafeHandle;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var evt = stackalloc byte[16];
            LinuxEpollInterop.WriteEvent(evt, LinuxEpollInterop.EpollIn | LinuxEpollInterop.EpollReadHangUp, id);
            return LinuxEpollInterop.EpollControl(_epoll, operation, (int)handle.DangerousGetHandle(), evt) == 0;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private void Run()
    {
        t_isReceiveThread = true;
        var events = stackalloc byte[MaxEventsPerWait * LinuxEpollInterop.EventSize];
        while (true)
        {
            var count = LinuxEpollInterop.EpollWait(_epoll, events, MaxEventsPerWait, -1);
            if (count < 0)
            {
                var error = Marshal.GetLastPInvokeError();
                if (error == LinuxEpollInterop.EIntr)
                {
                    continue;
                }

                Stop(error);
                return;
            }

            for (var i = 0; i < count; i++)
            {
                var id = LinuxEpollInterop.ReadEventData(events + (i * LinuxEpollInterop.EventSize));
                if (_registrations.TryGetValue(id, out var registration))
                {
                    Dispatch(registration);
                }
            }
        }
    }

    private void Dispatch(RtspReceiveRegistration registration)
    {
        try
        {
            registration.Dispatch();
        }
#pragma warning disable CA1031 // One connection's failure ends that pull, never the thread every camera shares.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.HandlerFailed(_logger, ex);
            registration.Remove();
            registration.Target.OnReadingStopped();
        }
    }

    private void Stop(int error)
    {
        _stopped = true;
        Log.ThreadStopped(_logger, error, _registrations.Count);
        foreach (var registration in _registrations.Values)
        {
            registration.Stop();
        }
    }
}
