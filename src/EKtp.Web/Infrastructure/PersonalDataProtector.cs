using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace EKtp.Web.Infrastructure;

/// <summary>
/// Authenticated encryption (AES-256-GCM) of NIK and KK numbers, with a keyed hash (HMAC-SHA256) for exact lookup.
/// A ciphertext carries the id of the key that sealed it, so keys can be rotated while old rows stay readable.
/// Layout: [id length][id bytes][12-byte nonce][16-byte tag][ciphertext].
/// </summary>
public sealed class PersonalDataProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly Dictionary<string, byte[]> _keys;
    private readonly string _activeKeyId;
    private readonly byte[] _hashKey;

    public PersonalDataProtector(IOptions<PersonalDataOptions> options)
    {
        var o = options.Value;
        _keys = o.EncryptionKeys.ToDictionary(k => k.Key, k => Convert.FromBase64String(k.Value));
        _activeKeyId = o.ActiveKeyId;
        _hashKey = Convert.FromBase64String(o.HashKey);
    }

    public string ActiveKeyId => _activeKeyId;

    public byte[] Hash(string value) => HMACSHA256.HashData(_hashKey, Encoding.UTF8.GetBytes(value));

    public byte[] Encrypt(string plaintext)
    {
        var id = Encoding.ASCII.GetBytes(_activeKeyId);
        var data = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[1 + id.Length + NonceSize + TagSize + data.Length];
        output[0] = (byte)id.Length;
        id.CopyTo(output, 1);
        var nonce = output.AsSpan(1 + id.Length, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        var tag = output.AsSpan(1 + id.Length + NonceSize, TagSize);
        var cipher = output.AsSpan(1 + id.Length + NonceSize + TagSize);
        using var aes = new AesGcm(_keys[_activeKeyId], TagSize);
        aes.Encrypt(nonce, data, cipher, tag, associatedData: id);
        return output;
    }

    public string Decrypt(byte[] sealedValue)
    {
        var idLength = sealedValue[0];
        var id = sealedValue.AsSpan(1, idLength);
        var keyId = Encoding.ASCII.GetString(id);
        if (!_keys.TryGetValue(keyId, out var key))
            throw new CryptographicException($"Personal data key '{keyId}' is not configured (PersonalData:EncryptionKeys).");
        var nonce = sealedValue.AsSpan(1 + idLength, NonceSize);
        var tag = sealedValue.AsSpan(1 + idLength + NonceSize, TagSize);
        var cipher = sealedValue.AsSpan(1 + idLength + NonceSize + TagSize);
        var plain = new byte[cipher.Length];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(nonce, cipher, tag, plain, associatedData: id);
        return Encoding.UTF8.GetString(plain);
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
