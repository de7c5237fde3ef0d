using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Elements.Std.Auths;

/// <summary>
/// Encrypts secrets before they are stored in a model row, with AES-256-GCM. The purpose (e.g. the model and field name)
/// is authenticated data, so a value copied into another field or model does not decrypt. Stored form:
/// <c>v1.</c> + Base64(nonce ‖ tag ‖ ciphertext).
/// </summary>
public sealed class FieldProtector
{
    private const string Prefix = "v1.";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public FieldProtector(IOptions<FieldProtectionOptions> options, ElementApp app)
        : this(ResolveKey(options.Value, app.RootPath))
    {
    }

    /// <summary>For tools and tests that hold the key themselves.</summary>
    public FieldProtector(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != 32)
        {
            throw new ArgumentException("the field protection key must be 32 bytes", nameof(key));
        }

        _key = key;
    }

    public string Protect(string plaintext, string purpose)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + TagSize + plain.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(purpose));
        return Prefix + Convert.ToBase64String(output);
    }

    /// <summary>Decrypts a value from <see cref="Protect"/>; a tampered value, another key or another purpose fails.</summary>
    public string Unprotect(string protectedValue, string purpose)
    {
        ArgumentNullException.ThrowIfNull(protectedValue);
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        byte[] data;
        try
        {
            data = protectedValue.StartsWith(Prefix, StringComparison.Ordinal)
                ? Convert.FromBase64String(protectedValue[Prefix.Length..])
                : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new ElementException("AUTH_PROTECTED_VALUE_INVALID", $"a stored {purpose} value is not in the protected format");
        }

        if (data.Length < NonceSize + TagSize)
        {
            throw new ElementException("AUTH_PROTECTED_VALUE_INVALID", $"a stored {purpose} value is truncated");
        }

        var plain = new byte[data.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize + TagSize), data.AsSpan(NonceSize, TagSize), plain,
                Encoding.UTF8.GetBytes(purpose));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new ElementException("AUTH_PROTECTED_VALUE_INVALID",
                $"a stored {purpose} value does not decrypt with this key (another key, or tampered)");
        }

        return Encoding.UTF8.GetString(plain);
    }

    public override string ToString() => "FieldProtector { Key = *** }";

    private static byte[] ResolveKey(FieldProtectionOptions options, string appRoot)
    {
        var configured = options.Key ?? Environment.GetEnvironmentVariable(FieldProtectionOptions.EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return DecodeKey(configured, "the configured field protection key");
        }

        var file = options.KeyFile ?? Path.Combine(appRoot, "appData", "field-protection.key");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            // CreateNew: of two processes starting at once, one writes the key and the other reads it.
            using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(key)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            return key;
        }
        catch (IOException) when (File.Exists(file))
        {
            for (var attempt = 0; ; attempt++)
            {
                var text = File.ReadAllText(file).Trim();
                if (text.Length > 0 || attempt == 50)
                {
                    return DecodeKey(text, $"the key file {file}");
                }

                Thread.Sleep(10);
            }
        }
    }

    private static byte[] DecodeKey(string base64, string source)
    {
        try
        {
            var key = Convert.FromBase64String(base64.Trim());
            return key.Length == 32 ? key : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new ElementException("AUTH_FIELD_KEY_INVALID", $"{source} must be 32 bytes in Base64");
        }
    }
}
