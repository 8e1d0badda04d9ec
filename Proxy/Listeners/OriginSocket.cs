using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace SecureStream.Proxy.Listeners;

/// <summary>
/// The embedded origin's Unix domain socket, made ready before Kestrel binds it: the path checked
/// (length, directory permissions), a socket file left by a crashed gateway removed, and, when no
/// path is configured, a private directory for this process alone.
/// </summary>
/// <remarks>
/// Security invariant: only the gateway's user can connect. The socket lives in a directory that
/// grants nothing to group or others (0700), checked here at start, so no other local user can
/// reach the origin's signalling at all (on loopback TCP any local process could, and only the
/// ticket stopped it). The origin still checks the ticket on every request either way.
/// </remarks>
internal sealed partial class OriginSocket : IDisposable
{
    public const string FileName = "origin.sock";
    private const string Key = "Listeners:OriginSocket:Path";
    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly string? _ownedDirectory;

    private OriginSocket(string path, string? ownedDirectory, bool removedStaleFile)
    {
        Path = path;
        _ownedDirectory = ownedDirectory;
        RemovedStaleFile = removedStaleFile;
    }

    /// <summary>The socket file's absolute path.</summary>
    public string Path { get; }

    /// <summary>A socket file nothing listened on was found at <see cref="Path"/> and removed.</summary>
    public bool RemovedStaleFile { get; }

    /// <summary>Whether <paramref name="options"/> put the embedded origin on a Unix domain socket on this platform.</summary>
    public static bool IsChosen(OriginSocketOptions options) => options.Mode switch
    {
        OriginTransport.UnixSocket => true,
        OriginTransport.Tcp => false,
        // Windows has AF_UNIX but not the directory modes that keep other users out.
        _ => Socket.OSSupportsUnixDomainSockets && !OperatingSystem.IsWindows(),
    };

    /// <summary>
    /// Problems with the configured path that need no file system: platform, absolute, length.
    /// Shared by the options validator and <see cref="Prepare"/>.
    /// </summary>
    public static void CheckStatic(OriginSocketOptions options, List<string> errors)
    {
        if (options.Mode == OriginTransport.UnixSocket && (!Socket.OSSupportsUnixDomainSockets || OperatingSystem.IsWindows()))
        {
            errors.Add("Listeners:OriginSocket:Mode: UnixSocket is not supported on this platform; use Auto or Tcp");
        }

        if (string.IsNullOrEmpty(options.Path))
        {
            return;
        }

        if (!System.IO.Path.IsPathFullyQualified(options.Path))
        {
            errors.Add($"{Key}: '{options.Path}' is not an absolute path; use e.g. /run/securestream/{FileName}");
        }

        var bytes = Encoding.UTF8.GetByteCount(options.Path);
        if (bytes > OriginSocketOptions.MaxPathBytes)
        {
            errors.Add($"{Key}: the path is {bytes} bytes long; a Unix socket path holds at most {OriginSocketOptions.MaxPathBytes}, so choose a shorter one");
        }
    }

    /// <summary>
    /// Makes the socket path ready to bind, or throws <see cref="OptionsValidationException"/>
    /// naming every problem and its fix (the host reports it as invalid configuration).
    /// </summary>
    public static OriginSocket Prepare(OriginSocketOptions options)
    {
        var errors = new List<string>();
        CheckStatic(options, errors);
        Throw(errors);
        if (string.IsNullOrEmpty(options.Path))
        {
            return PrepareOwnDirectory();
        }

        var directory = System.IO.Path.GetDirectoryName(options.Path)!;
        CheckDirectory(directory, errors);
        Throw(errors);
        var removed = RemoveStaleFile(options.Path, errors);
        Throw(errors);
        return new OriginSocket(options.Path, ownedDirectory: null, removed);
    }

    /// <summary>As <see cref="Remove"/>: the host's container disposes it, so a host built but never run leaves nothing behind either.</summary>
    public void Dispose() => Remove();

    /// <summary>Removes the socket file and, when this process made it, its directory (at stop; again harmless).</summary>
    public void Remove()
    {
        try
        {
            File.Delete(Path);
            if (_ownedDirectory is not null)
            {
                Directory.Delete(_ownedDirectory, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing to act on at stop: the next start finds a stale file and removes it, or
            // makes a fresh directory.
        }
    }

    // A directory per process, so two gateways on one host never meet; .NET creates it 0700.
    private static OriginSocket PrepareOwnDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("securestream-origin-").FullName;
        var path = System.IO.Path.Combine(directory, FileName);
        var bytes = Encoding.UTF8.GetByteCount(path);
        if (bytes > OriginSocketOptions.MaxPathBytes)
        {
            Directory.Delete(directory);
            Throw([$"{Key}: is empty and the temp directory makes the socket path {bytes} bytes long (at most {OriginSocketOptions.MaxPathBytes}); set {Key} to a shorter path or TMPDIR to a shorter directory"]);
        }

        return new OriginSocket(path, directory, removedStaleFile: false);
    }

    private static void CheckDirectory(string directory, List<string> errors)
    {
        if (!Directory.Exists(directory))
        {
            errors.Add($"{Key}: the directory {directory} does not exist; create it for the gateway's user with mode 0700");
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            // CheckStatic refuses UnixSocket here and Auto never chooses it.
            errors.Add("Listeners:OriginSocket:Mode: UnixSocket is not supported on this platform; use Auto or Tcp");
            return;
        }

        var mode = File.GetUnixFileMode(directory);
        if ((mode & GroupOrOthers) != 0)
        {
            errors.Add($"{Key}: the directory {directory} grants access to group or others (mode {Octal(mode)}); make it 0700 (chmod 700), owned by the gateway's user");
            return;
        }

        // With group and others shut out, only the owner (or root) can create a file in it: a
        // successful probe shows the directory is the gateway's.
        var probe = System.IO.Path.Combine(directory, "." + Guid.NewGuid().ToString("N") + ".probe");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{Key}: the gateway's user cannot create files in {directory}; it must own the directory (chown it to the gateway's user, mode 0700)");
        }
    }

    private static bool RemoveStaleFile(string path, List<string> errors)
    {
        var file = new FileInfo(path);
        if (!file.Exists && !Directory.Exists(path))
        {
            return false;
        }

        if (Directory.Exists(path) || file.LinkTarget is not null || file.Length > 0)
        {
            errors.Add($"{Key}: {path} exists and is not a socket; remove it or choose another path");
            return false;
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
            errors.Add($"{Key}: another process listens on {path} (another gateway?); give each gateway its own path, or leave it empty for a private one");
            return false;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            // Nothing listens: the file of a gateway that did not stop cleanly.
            File.Delete(path);
            return true;
        }
        catch (SocketException ex)
        {
            errors.Add($"{Key}: {path} exists and cannot be checked ({ex.SocketErrorCode}); remove it or choose another path");
            return false;
        }
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');

    private static void Throw(List<string> errors)
    {
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Key, typeof(OriginSocketOptions), errors);
        }
    }
}
