using System.Net.Sockets;
using static SecureStream.Media.WebRtc.Batching.LinuxUdpInterop;

namespace SecureStream.Media.WebRtc.Batching;

/// <summary>
/// Chooses the media port's send path at start by asking the kernel about the bound socket
/// itself: <c>sendmmsg</c> with no messages (ENOSYS where it is missing) and <c>UDP_SEGMENT</c>
/// set and read back (EINVAL or ENOPROTOOPT before Linux 4.18). What is configured
/// (<c>WebRtc:Ice:SendBatching</c>) wins when the kernel has it; otherwise the next path down is
/// taken and reported as a downgrade.
/// </summary>
internal static unsafe class DatagramSendPathProbe
{
    /// <summary>The sender for <paramref name="socket"/>, and whether <paramref name="mode"/> asked for more than the kernel has.</summary>
    public static IDatagramBatchSender Select(Socket socket, SendBatchingMode mode, out bool downgraded)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var linux = OperatingSystem.IsLinux() && mode != SendBatchingMode.Off;
        var sendmmsg = linux && HasSendmmsg(socket);
        var gso = sendmmsg && HasSegmentOffload(socket);
        var path = Choose(mode, sendmmsg, gso, out downgraded);
        return path == DatagramSendPath.PerDatagram ? PerDatagramSender.Instance : new LinuxDatagramBatchSender(path == DatagramSendPath.Gso);
    }

    /// <summary>The decision alone: the configured path if the kernel has it, else the best it has.</summary>
    public static DatagramSendPath Choose(SendBatchingMode mode, bool hasSendmmsg, bool hasSegmentOffload, out bool downgraded)
    {
        var best = hasSendmmsg && hasSegmentOffload ? DatagramSendPath.Gso : hasSendmmsg ? DatagramSendPath.Sendmmsg : DatagramSendPath.PerDatagram;
        var wanted = mode switch
        {
            SendBatchingMode.Off => DatagramSendPath.PerDatagram,
            SendBatchingMode.Sendmmsg => DatagramSendPath.Sendmmsg,
            _ => DatagramSendPath.Gso,
        };
        var chosen = (DatagramSendPath)Math.Min((int)wanted, (int)best);
        downgraded = mode != SendBatchingMode.Auto && chosen != wanted;
        return chosen;
    }

    /// <summary>sendmmsg with no messages sends nothing and answers 0 where the call exists.</summary>
    internal static bool HasSendmmsg(Socket socket)
    {
        try
        {
            return SendMultipleMessages(socket.SafeHandle, null, 0, MsgDontWait) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Sets the socket's default segment size to 0 (no segmentation: what it is already) and reads
    /// it back; kernels without UDP GSO refuse the option (EINVAL, ENOPROTOOPT).
    /// </summary>
    internal static bool HasSegmentOffload(Socket socket)
    {
        try
        {
            var value = 0;
            if (SetSocketOption(socket.SafeHandle, SolUdp, UdpSegment, &value, sizeof(int)) != 0)
            {
                return false;
            }

            var length = (uint)sizeof(int);
            value = -1;
            return GetSocketOption(socket.SafeHandle, SolUdp, UdpSegment, &value, &length) == 0 && value == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
