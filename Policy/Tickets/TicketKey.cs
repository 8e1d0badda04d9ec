using System.Security.Cryptography;
using SecureStream.Policy.Secrets;

namespace SecureStream.Policy.Tickets;

/// <summary>
/// The key front door and origin share for tickets. In single-node mode it is random per process
/// (both sides live in it); in a cluster it comes from a secret reference.
/// </summary>
internal sealed class TicketKey(SecretValue value)
{
    public SecretValue Value { get; } = value;

    public static TicketKey CreateRandom() => new(SecretValue.FromBytes(RandomNumberGenerator.GetBytes(32)));
}
