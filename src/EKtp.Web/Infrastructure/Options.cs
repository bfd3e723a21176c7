using System.ComponentModel.DataAnnotations;

namespace EKtp.Web.Infrastructure;

public class TenantOptions
{
    public const string Section = "Tenant";

    /// <summary>The Kemendagri code of the regency this deployment serves.</summary>
    [Required, RegularExpression(@"^\d{2}\.\d{2}$")]
    public string RegencyCode { get; set; } = "13.08";
}

/// <summary>What residents are told about the deployment: where the portal is and whose it is.</summary>
public class SiteOptions
{
    public const string Section = "Site";

    /// <summary>The portal's public address, scheme and host (and a path, if any), for links in messages to residents.</summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>The office that runs the service, as its name is written on pages and slips.</summary>
    [Required, MaxLength(150)]
    public string OfficeName { get; set; } = "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Pasaman";

    /// <summary>A full address that a phone can open: <c>https://ektp.example/booking/manage</c>.</summary>
    public string Link(string path) => PublicBaseUrl.TrimEnd('/') + path;

    /// <summary>The district server (<see cref="SiteRole.Hub"/>) or a field node serving one point (docs/field-node-design.md).</summary>
    public SiteRole Role { get; set; } = SiteRole.Hub;

    /// <summary>At a field node: the code of the one service point it serves (<c>kec-rao</c>).</summary>
    [RegularExpression("^[a-z0-9-]{2,40}$")]
    public string? PointCode { get; set; }

    public bool IsNode => Role == SiteRole.Node;
}

public enum SiteRole { Hub, Node }

public class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Apply EF Core migrations and seed reference data at start-up (<c>./ektp run</c> turns this on).</summary>
    public bool MigrateOnStartup { get; set; }

    /// <summary>Create the demo staff accounts (Development only).</summary>
    public bool SeedDemoAccounts { get; set; }

    /// <summary>
    /// How long a page's database command may run: a frozen database must not hold a resident's page (or a thread)
    /// for half a minute, yet 200 residents booking the same slot at once queue on its row lock for several seconds on
    /// a busy server. The one-off commands (migrate, seed, rekey, ...) allow themselves longer.
    /// </summary>
    [Range(1, 600)]
    public int CommandTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// How long opening a connection, or waiting for a free one in the pool during a burst, may take, unless the
    /// connection string says <c>Timeout</c> itself.
    /// </summary>
    [Range(1, 600)]
    public int ConnectTimeoutSeconds { get; set; } = DatabaseConnection.DefaultConnectTimeoutSeconds;

    /// <summary>
    /// How many connections the portal's pool opens at most, unless the connection string says <c>Maximum Pool Size</c>
    /// itself (decision 1709). Requests beyond it wait for a free connection, up to <see cref="ConnectTimeoutSeconds"/>.
    /// </summary>
    [Range(1, 1000)]
    public int MaxPoolSize { get; set; } = DatabaseConnection.DefaultMaxPoolSize;

    /// <summary>
    /// EF Core's check that one context is never used by two operations at once. Unset: on outside Production (the
    /// tests find a misuse), off in Production, where it copied the request's async-local map twice for every row a
    /// query reads (decision 1702).
    /// </summary>
    public bool? ThreadSafetyChecks { get; set; }
}

public class BookingOptions
{
    public const string Section = "Booking";

    /// <summary>How many days ahead slots are generated and offered.</summary>
    [Range(1, 120)]
    public int WindowDays { get; set; } = 30;

    /// <summary>Residents may reschedule or cancel until this many hours before their slot.</summary>
    [Range(0, 72)]
    public int ChangeCutoffHours { get; set; } = 2;

    /// <summary>What every appointment code starts with: a few capital letters and a hyphen.</summary>
    [Required, RegularExpression("^[A-Z]{2,5}-$")]
    public string CodePrefix { get; set; } = "PSM-";
}

public class RateLimitingOptions : IValidatableObject
{
    public const string Section = "RateLimiting";

    public bool Enabled { get; set; } = true;

    /// <summary>Form submissions and lookups (POST) per client address per minute on public pages; also the API's
    /// budget per address for callers without an API key.</summary>
    [Range(1, 10_000)]
    public int PermitsPerMinute { get; set; } = 30;

    /// <summary>Page views (GET) per client address per minute: generous, for a shared address (a school, a carrier).</summary>
    [Range(1, 100_000)]
    public int PageViewPermitsPerMinute { get; set; } = 600;

    /// <summary>Kiosks and chat bots, each with its own per-minute budget, sent as the <c>X-Api-Key</c> header.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>Staff sign-in attempts (password or authenticator code) per client address per minute.</summary>
    [Range(1, 10_000)]
    public int SignInPermitsPerMinute { get; set; } = 10;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (key, i) in ApiKeys.Select((k, i) => (k, i)))
        {
            if (string.IsNullOrWhiteSpace(key.Name))
                yield return new ValidationResult($"Set RateLimiting:ApiKeys:{i}:Name (who uses the key, e.g. kiosk-dpks).");
            if (key.Sha256.Length != 64 || !key.Sha256.All(char.IsAsciiHexDigit))
                yield return new ValidationResult($"Set RateLimiting:ApiKeys:{i}:Sha256 to the key's SHA-256 in hex (64 characters): printf %s \"$KEY\" | sha256sum.");
            if (key.PermitsPerMinute is < 1 or > 100_000)
                yield return new ValidationResult($"RateLimiting:ApiKeys:{i}:PermitsPerMinute must be between 1 and 100000.");
        }
        if (ApiKeys.GroupBy(k => k.Sha256.ToUpperInvariant()).Any(g => g.Count() > 1))
            yield return new ValidationResult("Two entries of RateLimiting:ApiKeys have the same Sha256: give every client its own key.");
    }
}

public class PersonalDataOptions
{
    public const string Section = "PersonalData";

    /// <summary>AES-256 keys by id, each base64 of 32 bytes. Old keys stay here so old rows remain readable.</summary>
    public Dictionary<string, string> EncryptionKeys { get; set; } = [];

    /// <summary>The key id new values are encrypted with.</summary>
    public string ActiveKeyId { get; set; } = "";

    /// <summary>Base64 of at least 32 bytes: the HMAC key that makes NIK lookups possible without decrypting.</summary>
    public string HashKey { get; set; } = "";
}

/// <summary>Queue rules shared by call-next, the board and the no-show sweep (Features/Queue, Features/Display).</summary>
public class QueueOptions
{
    public const string Section = "Queue";

    /// <summary>
    /// Call one walk-in after this many booked residents in a row; 0 calls every checked-in booked resident first.
    /// </summary>
    [Range(0, 50)]
    public int WalkInEvery { get; set; }

    /// <summary>A booked resident who has not checked in this many minutes after their slot ends is a no-show.</summary>
    [Range(0, 240)]
    public int NoShowGraceMinutes { get; set; } = 30;
}
