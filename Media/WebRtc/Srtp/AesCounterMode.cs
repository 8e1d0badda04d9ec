using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace SecureStream.Media.WebRtc.Srtp;

/// <summary>
/// AES in counter mode as SRTP defines it (RFC 3711 §4.1.1): keystream block j is AES(k, IV + j) with
/// j in the low 16 bits of the 128-bit IV, so one call covers at most 2^16 blocks (1 MiB).
/// Counter blocks go through one reusable ECB encryptor in chunks: the one-shot
/// <see cref="SymmetricAlgorithm.EncryptEcb(ReadOnlySpan{byte}, Span{byte}, PaddingMode)"/> builds a
/// native cipher context per call (measured: about 64 bytes of garbage and several times slower per
/// packet), while <see cref="ICryptoTransform.TransformBlock"/> reuses one context and allocates nothing.
/// Not thread-safe: one instance per key and per caller.
/// </summary>
internal sealed class AesCounterMode : IDisposable
{
    /// <summary>Largest input of one call: 2^16 keystream blocks of 16 bytes.</summary>
    public const int MaxLength = 65536 * BlockSize;

    private const int BlockSize = 16;
    private const int ChunkBlocks = 96;

    private readonly Aes _aes;
    private readonly ICryptoTransform _encryptor;
    private readonly byte[] _counterBlocks = new byte[ChunkBlocks * BlockSize];
    private readonly byte[] _keystream = new byte[ChunkBlocks * BlockSize];

    public AesCounterMode(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        var keyCopy = key.ToArray();
        try
        {
            _aes.Key = keyCopy;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyCopy);
        }

        // ECB is the block function here, not the mode of operation: each block encrypts a distinct
        // counter value (RFC 3711 §4.1.1).
#pragma warning disable CA5358
        _aes.Mode = CipherMode.ECB;
#pragma warning restore CA5358
        _aes.Padding = PaddingMode.None;
        _encryptor = _aes.CreateEncryptor();
    }

    /// <summary>
    /// destination = source XOR keystream(iv). <paramref name="iv"/> is 16 bytes whose low 16 bits are
    /// zero; <paramref name="source"/> and <paramref name="destination"/> are the same length and may be
    /// the same memory, but must not otherwise overlap.
    /// </summary>
    public void Transform(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (iv.Length != BlockSize || destination.Length < source.Length || source.Length > MaxLength)
        {
            throw new ArgumentException("Counter mode needs a 16-byte IV, room for the output and at most 1 MiB.");
        }

        var block = 0;
        var offset = 0;
        while (offset < source.Length)
        {
            var length = Math.Min(source.Length - offset, _keystream.Length);
            var blocks = (length + BlockSize - 1) / BlockSize;
            for (var i = 0; i < blocks; i++)
            {
                var counter = _counterBlocks.AsSpan(i * BlockSize, BlockSize);
                iv.CopyTo(counter);
                BinaryPrimitives.WriteUInt16BigEndian(counter[14..], (ushort)(BinaryPrimitives.ReadUInt16BigEndian(iv[14..]) + block + i));
            }

            _encryptor.TransformBlock(_counterBlocks, 0, blocks * BlockSize, _keystream, 0);
            Xor(source.Slice(offset, length), _keystream.AsSpan(0, length), destination.Slice(offset, length));
            offset += length;
            block += blocks;
        }
    }

    public void Dispose()
    {
        _encryptor.Dispose();
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_keystream);
    }

    private static void Xor(ReadOnlySpan<byte> source, ReadOnlySpan<byte> keystream, Span<byte> destination)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= source.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                (new Vector<byte>(source[i..]) ^ new Vector<byte>(keystream[i..])).CopyTo(destination[i..]);
            }
        }

        for (; i < source.Length; i++)
        {
            destination[i] = (byte)(source[i] ^ keystream[i]);
        }
    }
}
