using Microsoft.Extensions.Options;

namespace MediaTrust.Server;

/// <summary>
/// The web verifier's settings, section <c>MediaTrust</c> of <c>appsettings.json</c> or environment variables such as
/// <c>MediaTrust__MaxUploadBytes</c> (docs/server.md, "Configuration"). Checked when the app starts.
/// </summary>
public sealed class VerifierOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "MediaTrust";

    /// <summary>Largest upload accepted, all parts together, in bytes (default 1 GiB); a larger one is answered 413 before the rest is read.</summary>
    public long MaxUploadBytes { get; set; } = 1L << 30;

    /// <summary>Largest sidecar <c>.c2pa</c> store accepted, in bytes (default 64 MiB); it is held in memory to be parsed.</summary>
    public long MaxSidecarBytes { get; set; } = 64L << 20;

    /// <summary>Largest uploaded Trust Profile, in bytes (default 1 MiB).</summary>
    public long MaxProfileBytes { get; set; } = 1L << 20;

    /// <summary>Most fragments of a fragmented MP4 in one request (default 4096).</summary>
    public int MaxFragments { get; set; } = 4096;

    /// <summary>Validations running at once (default: the processor count); more wait in a queue.</summary>
    public int MaxConcurrentValidations { get; set; } = Environment.ProcessorCount;

    /// <summary>Validations waiting for a slot (default 64); one more is answered 429.</summary>
    public int ValidationQueueLimit { get; set; } = 64;

    /// <summary>Time limit of one API request, upload included (default 2 minutes); past it the answer is 504.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>API requests one client (IP address) may make per <see cref="RateLimitWindow"/> (default 120); more are answered 429.</summary>
    public int RateLimitPermits { get; set; } = 120;

    /// <summary>The window of <see cref="RateLimitPermits"/> (default 1 minute).</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether the official C2PA Trust List and TSA Trust List bundled with MediaTrust (<c>TrustStore.Default</c>) are trusted
    /// (default true); the files below are added to them, or used alone when this is false.
    /// </summary>
    public bool UseDefaultTrust { get; set; } = true;

    /// <summary>PEM files of trust anchors for claim signers (your own CA, a test root), added to the default trust.</summary>
    public List<string> TrustAnchors { get; set; } = [];

    /// <summary>PEM files of trust anchors for time-stamping authorities.</summary>
    public List<string> TsaAnchors { get; set; } = [];

    /// <summary>A PEM file (or base64 SHA-256 fingerprints) of end-entity certificates trusted as they are.</summary>
    public string? AllowedList { get; set; }

    /// <summary>
    /// Whether a remote manifest an asset names in its XMP is fetched (default false). Fetching is HTTP(S) only, bounded,
    /// and never to a private address (the library's <c>RemoteFetchOptions</c>).
    /// </summary>
    public bool FetchRemoteManifests { get; set; }

    /// <summary>A folder of Trust Profiles (<c>*.yml</c>) to offer instead of the project's bundled library.</summary>
    public string? ProfilesDirectory { get; set; }

    /// <summary>Where uploads are spooled: a private folder (mode 0700) is made inside it. Default: the system temporary folder.</summary>
    public string? TempDirectory { get; set; }

    /// <summary>Validate as of this time instead of now (reproducible answers, tests); a trusted time-stamp still wins.</summary>
    public DateTimeOffset? ValidationTime { get; set; }

    /// <summary>Whether <c>/metrics</c> serves Prometheus metrics (default true).</summary>
    public bool EnableMetrics { get; set; } = true;
}

/// <summary>Checks <see cref="VerifierOptions"/> when the app starts, so a bad setting stops it with a clear message.</summary>
internal sealed class VerifierOptionsValidator : IValidateOptions<VerifierOptions>
{
    public ValidateOptionsResult Validate(string? name, VerifierOptions options)
    {
        var errors = new List<string>();
        if (options.MaxUploadBytes <= 0) errors.Add("MediaTrust:MaxUploadBytes must be positive");
        if (options.MaxSidecarBytes <= 0 || options.MaxSidecarBytes > int.MaxValue) errors.Add("MediaTrust:MaxSidecarBytes must be between 1 and 2^31-1");
        if (options.MaxProfileBytes <= 0 || options.MaxProfileBytes > int.MaxValue) errors.Add("MediaTrust:MaxProfileBytes must be between 1 and 2^31-1");
        if (options.MaxFragments <= 0) errors.Add("MediaTrust:MaxFragments must be positive");
        if (options.MaxConcurrentValidations <= 0) errors.Add("MediaTrust:MaxConcurrentValidations must be positive");
        if (options.ValidationQueueLimit < 0) errors.Add("MediaTrust:ValidationQueueLimit cannot be negative");
        if (options.RequestTimeout <= TimeSpan.Zero) errors.Add("MediaTrust:RequestTimeout must be positive");
        if (options.RateLimitPermits <= 0) errors.Add("MediaTrust:RateLimitPermits must be positive");
        if (options.RateLimitWindow <= TimeSpan.Zero) errors.Add("MediaTrust:RateLimitWindow must be positive");
        foreach (var file in options.TrustAnchors.Concat(options.TsaAnchors).Append(options.AllowedList).OfType<string>())
        {
            if (!File.Exists(file)) errors.Add($"MediaTrust: trust file {file} does not exist");
        }

        if (options.ProfilesDirectory is { } profiles && !Directory.Exists(profiles)) errors.Add($"MediaTrust:ProfilesDirectory {profiles} does not exist");
        if (options.TempDirectory is { } temp && !Directory.Exists(temp)) errors.Add($"MediaTrust:TempDirectory {temp} does not exist");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
