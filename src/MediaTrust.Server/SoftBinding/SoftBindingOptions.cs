using Microsoft.Extensions.Options;

namespace MediaTrust.Server.SoftBinding;

/// <summary>
/// The Soft Binding Resolution API's settings, section <c>MediaTrust:SoftBinding</c> (docs/server.md, "Soft Binding
/// Resolution API"). With neither <see cref="SqlitePath"/> nor <see cref="PostgresConnectionString"/> the routes answer 501.
/// </summary>
public sealed class SoftBindingOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "MediaTrust:SoftBinding";

    /// <summary>The repository as one SQLite file (created when missing).</summary>
    public string? SqlitePath { get; set; }

    /// <summary>The repository on PostgreSQL (an Npgsql connection string); wins over <see cref="SqlitePath"/>.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Whether the <c>fetch:manifests</c> routes (queries, reads, receipts) are open to clients without a token (default false).</summary>
    public bool AnonymousRead { get; set; }

    /// <summary>The bearer tokens accepted: each by the lowercase hex SHA-256 of the token and the scopes it grants.</summary>
    public List<BearerTokenOptions> Tokens { get; set; } = [];

    /// <summary>Whether <c>POST /matches/byReference</c> fetches assets (default false: it answers 501). HTTPS only, public addresses only.</summary>
    public bool EnableByReference { get; set; }

    /// <summary>Largest asset fetched by reference, in bytes (default 64 MiB); a smaller <c>assetLength</c> of the request wins.</summary>
    public long MaxReferenceBytes { get; set; } = 64L << 20;

    /// <summary>Time allowed to fetch an asset by reference (default 30 seconds).</summary>
    public TimeSpan ReferenceTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest manifest store accepted by <c>POST /manifests</c>, in bytes (default 32 MiB).</summary>
    public long MaxStoreBytes { get; set; } = 32L << 20;

    /// <summary>Largest asset accepted by <c>POST /matches/byContent</c>, in bytes (default 64 MiB); it is decoded in memory.</summary>
    public long MaxContentBytes { get; set; } = 64L << 20;

    /// <summary>Whether a manifest store that does not validate is refused (default true) or kept with its verdict.</summary>
    public bool RejectInvalidStores { get; set; } = true;

    /// <summary>
    /// A PEM file with the EC P-256 private key that signs receipts (ES256). Without it a key is made when the server starts,
    /// and receipts it signed no longer verify after a restart.
    /// </summary>
    public string? ReceiptKeyFile { get; set; }

    /// <summary>The repository's public base URI written in receipts (default: the base of the request, e.g. <c>https://host/softbinding/v1</c>).</summary>
    public Uri? PublicUri { get; set; }

    /// <summary>Whether a repository is configured.</summary>
    internal bool HasRepository => !string.IsNullOrWhiteSpace(SqlitePath) || !string.IsNullOrWhiteSpace(PostgresConnectionString);
}

/// <summary>One accepted bearer token.</summary>
public sealed class BearerTokenOptions
{
    /// <summary>The lowercase hex SHA-256 of the token (the token itself is never configured): <c>printf %s TOKEN | sha256sum</c>.</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>The scopes granted: <c>fetch:manifests</c>, <c>store:manifests</c>, <c>store:bindings</c>.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>A name for logs (never the token).</summary>
    public string? Name { get; set; }
}

/// <summary>Checks <see cref="SoftBindingOptions"/> when the app starts.</summary>
internal sealed class SoftBindingOptionsValidator : IValidateOptions<SoftBindingOptions>
{
    public ValidateOptionsResult Validate(string? name, SoftBindingOptions options)
    {
        var errors = new List<string>();
        foreach (var token in options.Tokens)
        {
            if (token.Sha256.Length != 64 || !token.Sha256.All(Uri.IsHexDigit))
            {
                errors.Add($"{SoftBindingOptions.Section}:Tokens: '{token.Name ?? token.Sha256}' needs Sha256, the 64 hex digits of the token's SHA-256");
            }

            foreach (var scope in token.Scopes.Where(s => !Scopes.All.Contains(s)))
            {
                errors.Add($"{SoftBindingOptions.Section}:Tokens: unknown scope '{scope}' (known: {string.Join(", ", Scopes.All)})");
            }
        }

        if (options.MaxReferenceBytes <= 0) errors.Add($"{SoftBindingOptions.Section}:MaxReferenceBytes must be positive");
        if (options.MaxStoreBytes <= 0 || options.MaxStoreBytes > int.MaxValue) errors.Add($"{SoftBindingOptions.Section}:MaxStoreBytes must be between 1 and 2^31-1");
        if (options.MaxContentBytes <= 0 || options.MaxContentBytes > int.MaxValue) errors.Add($"{SoftBindingOptions.Section}:MaxContentBytes must be between 1 and 2^31-1");
        if (options.ReferenceTimeout <= TimeSpan.Zero) errors.Add($"{SoftBindingOptions.Section}:ReferenceTimeout must be positive");
        if (options.ReceiptKeyFile is { } key && !File.Exists(key)) errors.Add($"{SoftBindingOptions.Section}:ReceiptKeyFile {key} does not exist");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>The scopes of the Resolution API (its OpenAPI document's security requirements).</summary>
internal static class Scopes
{
    public const string FetchManifests = "fetch:manifests";
    public const string StoreManifests = "store:manifests";
    public const string StoreBindings = "store:bindings";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { FetchManifests, StoreManifests, StoreBindings };
}
