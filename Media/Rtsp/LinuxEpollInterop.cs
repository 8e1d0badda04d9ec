using System.Runtime.InteropServices;

namespace SecureStream.Media.Rtsp;

/// <summary>
/// The libc calls of the shared receive thread (epoll(7), recv(2) with <c>MSG_DONTWAIT</c>). Only
/// <see cref="RtspReceiveThread"/> uses it, and only after <see cref="IsSupported"/>.
/// </summary>
internal static unsafe partial class LinuxEpollInterop
{
    public const int EpollCloseOnExec = 0x80000;
    public const int EpollControlAdd = 1;
    public const int EpollControlDelete = 2;

    public const uint EpollIn = 0x001;
    public const uint EpollReadHangUp = 0x2000;

    public const int MsgDontWait = 0x40;

    public const int EIntr = 4;
    public const int EAgain = 11;

    /// <summary>
    /// struct epoll_event is packed on x86-64 (12 bytes: events, then the 64-bit data at offset 4)
    /// and naturally aligned elsewhere (16 bytes, data at offset 8). Other architectures are not
    /// probed and keep the asynchronous reads.
    /// </summary>
    public static bool IsSupported =>
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    public static int EventSize => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    private static int DataOffset => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollControl(int epoll, int operation, int descriptor, byte* evt);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epoll, byte* events, int maxEvents, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static partial nint Receive(SafeHandle socket, byte* buffer, nuint length, int flags);

    public static void WriteEvent(byte* evt, uint events, ulong data)
    {
        *(uint*)evt = events;
        *(ulong*)(evt + DataOffset) = data;
    }

    public static ulong ReadEventData(byte* evt) => *(ulong*)(evt + DataOffset);
}
