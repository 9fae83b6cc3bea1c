using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MediaTrust.Pki;

/// <summary>
/// A trust anchor configuration (spec 2.4 §14.4.1): the certificate, the EKUs it is trusted for, the times
/// between which it is trusted, and the list that vouches for it.
/// </summary>
/// <param name="Certificate">The anchor (usually a root; an intermediate may be an anchor too).</param>
/// <param name="Ekus">The EKU OIDs this anchor is trusted for; null means every accepted EKU.</param>
public sealed record TrustAnchor(X509Certificate2 Certificate, IReadOnlySet<string>? Ekus = null)
{
    /// <summary>No trust for signatures whose trusted time (time-stamp, else validation time) is before this (§14.4.1 "notBefore").</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>No trust for signatures whose trusted time is after this (§14.4.1 "notAfter"): a list withdrew the anchor from this date.</summary>
    public DateTimeOffset? NotAfter { get; init; }

    /// <summary>The list this anchor is on; null when it was configured directly.</summary>
    public TrustListInfo? List { get; init; }

    /// <summary>The trusted entity the list names for this anchor (TEName), e.g. <c>Google LLC</c>.</summary>
    public string? EntityName { get; init; }

    /// <summary>True when the anchor may be used for a signature at <paramref name="time"/> (§14.4.1).</summary>
    internal bool AppliesAt(DateTimeOffset time) => (NotBefore is not { } from || time >= from) && (NotAfter is not { } until || time < until);
}

/// <summary>
/// What a validator trusts (spec 2.4 §14.4), frozen: claim-signer anchors (per EKU), a separate list of
/// time-stamp authority anchors (§14.4.2), an allow-list of end-entity certificates (the private
/// credential store of §14.4.3: never used for chains or TSAs), and the EKUs accepted for claim signers.
/// Build one with <see cref="TrustStoreBuilder"/>; <see cref="Default"/> holds the official C2PA lists
/// the library was built with, <see cref="Empty"/> trusts nothing (docs/validation.md, "Default trust").
/// </summary>
public sealed class TrustStore
{
    /// <summary>
    /// EKUs accepted for claim signers by default: c2pa-kp-claimSigning, emailProtection,
    /// documentSigning (§14.5.1: legacy compatibility) and Microsoft's C2PA signing EKU, as c2pa-rs.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultSignerEkus =
    [
        CertificateProfile.ClaimSigningEku, // c2pa-kp-claimSigning
        "1.3.6.1.5.5.7.3.4", // id-kp-emailProtection
        "1.3.6.1.5.5.7.3.36", // id-kp-documentSigning
        "1.3.6.1.4.1.311.76.59.1.9", // Microsoft C2PA signing
    ];

    private static readonly Lazy<TrustStore> BundledStore = new(() => new TrustStoreBuilder().AddOfficialLists(BundledTrustLists.Signers, BundledTrustLists.TimeStamping).Build());

    private readonly FrozenDictionary<string, TrustListInfo?> _allowed;

    internal TrustStore(IReadOnlyList<TrustAnchor> signerAnchors, IReadOnlyList<TrustAnchor> timeStampAnchors,
        IReadOnlyDictionary<string, TrustListInfo?> allowed, IEnumerable<string> signerEkus, IReadOnlyList<TrustListInfo> lists)
    {
        SignerAnchors = [.. signerAnchors];
        TimeStampAnchors = [.. timeStampAnchors];
        _allowed = allowed.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        SignerEkus = signerEkus.ToFrozenSet(StringComparer.Ordinal);
        Lists = [.. lists];
    }

    /// <summary>Trusts nothing: every signer is untrusted and every time-stamp ignored. The default EKUs are accepted.</summary>
    public static TrustStore Empty { get; } = new TrustStoreBuilder().Build();

    /// <summary>
    /// The official C2PA Trust List and C2PA TSA Trust List as bundled with this version (read once, on first use).
    /// The signer list vouches only for the c2pa-kp-claimSigning EKU (spec 2.4, "Restricted use of the C2PA Trust List").
    /// </summary>
    public static TrustStore Default => BundledStore.Value;

    /// <summary>Claim-signer anchors.</summary>
    public IReadOnlyList<TrustAnchor> SignerAnchors { get; }

    /// <summary>Time-stamp authority anchors: a list of its own (§14.4.2).</summary>
    public IReadOnlyList<TrustAnchor> TimeStampAnchors { get; }

    /// <summary>EKU OIDs accepted for claim signers (§14.5.1.2).</summary>
    public IReadOnlySet<string> SignerEkus { get; }

    /// <summary>SHA-256 fingerprints (lowercase hex) of allowed end-entity certificates.</summary>
    public IReadOnlyCollection<string> AllowedEndEntityFingerprints => _allowed.Keys;

    /// <summary>The lists in use, in the order they were added: their names and issue dates go into every verdict.</summary>
    public IReadOnlyList<TrustListInfo> Lists { get; }

    /// <summary>The lists that vouch for claim signers (anchors or allowed certificates): the ones a signer is judged against.</summary>
    public IReadOnlyList<TrustListInfo> SignerLists =>
        [.. Lists.Where(list => SignerAnchors.Any(a => a.List == list) || _allowed.Values.Contains(list))];

    /// <summary>True when the store trusts nothing at all.</summary>
    public bool IsEmpty => SignerAnchors.Count == 0 && TimeStampAnchors.Count == 0 && _allowed.Count == 0;

    /// <summary>A builder holding everything this store holds, to add to.</summary>
    public TrustStoreBuilder ToBuilder() => new(this);

    /// <summary>True when the certificate is on the end-entity allow-list.</summary>
    internal bool IsAllowedEndEntity(X509Certificate2 certificate) => _allowed.ContainsKey(Fingerprint(certificate));

    /// <summary>The list that allows an end-entity certificate, when it is allowed through a named list.</summary>
    internal TrustListInfo? AllowListOf(X509Certificate2 certificate) => _allowed.GetValueOrDefault(Fingerprint(certificate));

    internal IReadOnlyDictionary<string, TrustListInfo?> Allowed => _allowed;

    /// <summary>The TSA anchors that apply to a time-stamp made at <paramref name="time"/>.</summary>
    internal IEnumerable<X509Certificate2> TimeStampAnchorsAt(DateTimeOffset time) =>
        TimeStampAnchors.Where(a => a.AppliesAt(time)).Select(a => a.Certificate);

    /// <summary>The SHA-256 fingerprint of a certificate's DER, lowercase hex.</summary>
    internal static string Fingerprint(X509Certificate2 certificate) =>
        Convert.ToHexStringLower(SHA256.HashData(certificate.RawDataMemory.Span));
}
