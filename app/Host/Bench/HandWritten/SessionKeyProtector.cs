using System.Security.Cryptography;
using System.Text;

namespace Elements.Host.Bench.HandWritten;

/// <summary>
/// Protects the WeChat session_key at rest with AES-256-GCM (random 12-byte nonce per value), the same work Elements'
/// field protection does per login. The key lives only in memory: the bench's database is thrown away.
/// </summary>
internal sealed class SessionKeyProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    /// <summary>base64(nonce | ciphertext | tag).</summary>
    public string Protect(string value)
    {
        var plain = Encoding.UTF8.GetBytes(value);
        var output = new byte[NonceSize + plain.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        // One AesGcm per call: an instance is not safe for concurrent use.
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize, plain.Length), output.AsSpan(NonceSize + plain.Length, TagSize));
        return Convert.ToBase64String(output);
    }
}
