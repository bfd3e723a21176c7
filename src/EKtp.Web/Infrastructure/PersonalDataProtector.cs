using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Infrastructure;

/// <summary>
/// Authenticated encryption (AES-256-GCM) of NIK and KK numbers, with a keyed hash (HMAC-SHA256) for exact lookup.
/// A ciphertext carries the id of the key that sealed it, so keys can be rotated while old rows stay readable.
/// Layout: [id length][id bytes][12-byte nonce][16-byte tag][ciphertext].
/// </summary>
/// <remarks>
/// Each thread keeps its own keyed AES-GCM and HMAC contexts, made on first use and used again for every value
/// (decision 1711): making them for each value (a context, its key schedule, OpenSSL's bookkeeping) was 7 % of a
/// booking's CPU. Neither context is shared between threads, and each call is synchronous, so a context is never used by
/// two callers at once. A thread's contexts are freed with it (their handles' finalizers).
/// </remarks>
public sealed class PersonalDataProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    /// <summary>Values up to this many UTF-8 bytes are encoded on the stack (a NIK or KK number is 16).</summary>
    private const int StackLimit = 256;
    private readonly Dictionary<string, ThreadLocal<AesGcm>> _ciphers;
    private readonly string _activeKeyId;
    private readonly byte[] _activeKeyIdBytes;
    private readonly ThreadLocal<AesGcm>? _activeCipher;
    private readonly ThreadLocal<IncrementalHash> _hmac;

    public PersonalDataProtector(IOptions<PersonalDataOptions> options)
    {
        var o = options.Value;
        _ciphers = o.EncryptionKeys.ToDictionary(k => k.Key, k =>
        {
            var key = Convert.FromBase64String(k.Value);
            return new ThreadLocal<AesGcm>(() => new AesGcm(key, TagSize));
        });
        _activeKeyId = o.ActiveKeyId;
        _activeKeyIdBytes = Encoding.ASCII.GetBytes(_activeKeyId);
        // A missing active key is refused at start (PersonalDataOptionsValidator); here it fails the first encryption.
        _activeCipher = _ciphers.GetValueOrDefault(_activeKeyId);
        var hashKey = Convert.FromBase64String(o.HashKey);
        _hmac = new ThreadLocal<IncrementalHash>(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, hashKey));
    }

    public string ActiveKeyId => _activeKeyId;

    public byte[] Hash(string value)
    {
        var hmac = _hmac.Value!;
        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        Span<byte> bytes = length > StackLimit ? new byte[length] : stackalloc byte[StackLimit];
        var written = Encoding.UTF8.GetBytes(value, bytes);
        try
        {
            hmac.AppendData(bytes[..written]);
            return hmac.GetHashAndReset();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes[..written]);
        }
    }

    public byte[] Encrypt(string plaintext)
    {
        var aes = _activeCipher?.Value
            ?? throw new CryptographicException($"The active personal data key '{_activeKeyId}' is not configured (PersonalData:EncryptionKeys).");
        var id = _activeKeyIdBytes;
        var length = Encoding.UTF8.GetByteCount(plaintext);
        var output = new byte[1 + id.Length + NonceSize + TagSize + length];
        output[0] = (byte)id.Length;
        id.CopyTo(output, 1);
        var nonce = output.AsSpan(1 + id.Length, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        var tag = output.AsSpan(1 + id.Length + NonceSize, TagSize);
        var cipher = output.AsSpan(1 + id.Length + NonceSize + TagSize);
        // Encoded into the output, then encrypted in place (AES-GCM allows the plaintext and ciphertext to be one buffer).
        Encoding.UTF8.GetBytes(plaintext, cipher);
        aes.Encrypt(nonce, cipher, cipher, tag, associatedData: id);
        return output;
    }

    public string Decrypt(byte[] sealedValue)
    {
        var idLength = sealedValue[0];
        var id = sealedValue.AsSpan(1, idLength);
        var keyId = Encoding.ASCII.GetString(id);
        if (!_ciphers.TryGetValue(keyId, out var cipherOfKey))
            throw new CryptographicException($"Personal data key '{keyId}' is not configured (PersonalData:EncryptionKeys).");
        var nonce = sealedValue.AsSpan(1 + idLength, NonceSize);
        var tag = sealedValue.AsSpan(1 + idLength + NonceSize, TagSize);
        var cipher = sealedValue.AsSpan(1 + idLength + NonceSize + TagSize);
        Span<byte> plain = cipher.Length > StackLimit ? new byte[cipher.Length] : stackalloc byte[cipher.Length];
        try
        {
            cipherOfKey.Value!.Decrypt(nonce, cipher, tag, plain, associatedData: id);
            return Encoding.UTF8.GetString(plain);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>The id of the key a stored value was sealed with (for re-encryption after a rotation).</summary>
    public static string KeyIdOf(byte[] sealedValue) => Encoding.ASCII.GetString(sealedValue, 1, sealedValue[0]);
}

public sealed class PersonalDataOptionsValidator : IValidateOptions<PersonalDataOptions>
{
    public ValidateOptionsResult Validate(string? name, PersonalDataOptions o)
    {
        const string how = "Set PersonalData__ActiveKeyId, PersonalData__EncryptionKeys__<id> (base64 of 32 random bytes) and "
            + "PersonalData__HashKey (base64 of 32 random bytes); ./ektp run creates them in .data/secrets.env.";
        if (string.IsNullOrWhiteSpace(o.ActiveKeyId) || !o.EncryptionKeys.ContainsKey(o.ActiveKeyId))
            return ValidateOptionsResult.Fail("No active personal-data encryption key is configured. " + how);
        foreach (var (id, key) in o.EncryptionKeys)
        {
            if (id.Length is 0 or > 32 || !id.All(char.IsAsciiLetterOrDigit))
                return ValidateOptionsResult.Fail($"Personal-data key id '{id}' must be 1–32 letters or digits.");
            if (!IsKey(key, exact: true))
                return ValidateOptionsResult.Fail($"Personal-data key '{id}' is not base64 of 32 bytes. " + how);
        }
        return IsKey(o.HashKey, exact: false)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("PersonalData:HashKey is missing or shorter than 32 bytes. " + how);
    }

    private static bool IsKey(string value, bool exact)
    {
        var buffer = new byte[value.Length];
        if (!Convert.TryFromBase64String(value, buffer, out var n)) return false;
        return exact ? n == 32 : n >= 32;
    }
}
