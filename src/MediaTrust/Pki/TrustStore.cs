using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MediaTrust.Pki;

/// <summary>A trust anchor, optionally restricted to signers with given EKUs (§14.4.1: anchors are kept per EKU).</summary>
/// <param name="Certificate">The anchor (usually a root; an intermediate may be an anchor too).</param>
/// <param name="Ekus">The EKU OIDs this anchor is trusted for; null means every accepted EKU.</param>
public sealed record TrustAnchor(X509Certificate2 Certificate, IReadOnlySet<string>? Ekus = null);

/// <summary>
/// What a validator trusts (§14.4): claim-signer anchors (per EKU), a separate list of time-stamp
/// authority anchors (§14.4.2, the C2PA TSA Trust List), an allow-list of end-entity certificates
/// (the private credential store of §14.4.3: never used for chains or TSAs), and the EKUs accepted
/// for claim signers. Empty by default: nothing is trusted until configured.
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

    private readonly List<TrustAnchor> _signerAnchors = [];
    private readonly List<X509Certificate2> _timeStampAnchors = [];
    private readonly HashSet<string> _allowedFingerprints = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _signerEkus = new(DefaultSignerEkus, StringComparer.Ordinal);

    /// <summary>Claim-signer anchors.</summary>
    public IReadOnlyList<TrustAnchor> SignerAnchors => _signerAnchors;

    /// <summary>Time-stamp authority anchors: a list of its own (§14.4.2).</summary>
    public IReadOnlyList<X509Certificate2> TimeStampAnchors => _timeStampAnchors;

    /// <summary>EKU OIDs accepted for claim signers (§14.5.1.2).</summary>
    public IReadOnlySet<string> SignerEkus => _signerEkus;

    /// <summary>SHA-256 fingerprints (lowercase hex) of allowed end-entity certificates.</summary>
    public IReadOnlySet<string> AllowedEndEntityFingerprints => _allowedFingerprints;

    /// <summary>Adds claim-signer anchors, optionally only for signers with one of <paramref name="forEkus"/>.</summary>
    public TrustStore AddSignerAnchors(IEnumerable<X509Certificate2> anchors, IEnumerable<string>? forEkus = null)
    {
        var ekus = forEkus is null ? null : new HashSet<string>(forEkus, StringComparer.Ordinal);
        foreach (var anchor in anchors)
        {
            _signerAnchors.Add(new TrustAnchor(anchor, ekus));
        }

        return this;
    }

    /// <summary>Adds claim-signer anchors from a PEM bundle (e.g. the C2PA Trust List, C2PA-TRUST-LIST.pem).</summary>
    public TrustStore AddSignerAnchorsFromPem(string pem, IEnumerable<string>? forEkus = null) =>
        AddSignerAnchors(PemCertificates.Parse(pem), forEkus);

    /// <summary>Adds time-stamp authority anchors.</summary>
    public TrustStore AddTimeStampAnchors(IEnumerable<X509Certificate2> anchors)
    {
        _timeStampAnchors.AddRange(anchors);
        return this;
    }

    /// <summary>Adds TSA anchors from a PEM bundle (e.g. C2PA-TSA-TRUST-LIST.pem).</summary>
    public TrustStore AddTimeStampAnchorsFromPem(string pem) => AddTimeStampAnchors(PemCertificates.Parse(pem));

    /// <summary>Allows an end-entity certificate directly (trusted without a chain).</summary>
    public TrustStore AllowEndEntity(X509Certificate2 certificate)
    {
        _allowedFingerprints.Add(Fingerprint(certificate));
        return this;
    }

    /// <summary>
    /// Reads an allow-list as c2pa-rs accepts it: PEM certificates, and/or lines holding the
    /// SHA-256 fingerprint of a certificate's DER in base64 (c2pa-rs) or hex (with or without colons).
    /// </summary>
    /// <exception cref="FormatException">A line is neither PEM nor a SHA-256 fingerprint.</exception>
    public TrustStore AddAllowedEndEntities(string text)
    {
        foreach (var certificate in PemCertificates.Parse(text))
        {
            AllowEndEntity(certificate);
        }

        var inPem = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("-----BEGIN", StringComparison.Ordinal))
            {
                inPem = true;
                continue;
            }

            if (line.StartsWith("-----END", StringComparison.Ordinal))
            {
                inPem = false;
                continue;
            }

            if (inPem || line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal) || line.StartsWith('#'))
            {
                continue;
            }

            _allowedFingerprints.Add(ParseFingerprint(line));
        }

        return this;
    }

    /// <summary>
    /// Adds accepted signer EKUs from a c2pa-rs <c>store.cfg</c>: one OID per line, <c>//</c> comments.
    /// (id-kp-timeStamping and id-kp-OCSPSigning lines are ignored: those purposes are not claim signing, §14.5.1.1.)
    /// </summary>
    /// <exception cref="FormatException">A line is not an OID.</exception>
    public TrustStore AddSignerEkusFromConfig(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var comment = line.IndexOf("//", StringComparison.Ordinal);
            if (comment >= 0)
            {
                line = line[..comment].Trim();
            }

            if (line.Length == 0)
            {
                continue;
            }

            if (!IsOid(line))
            {
                throw new FormatException($"'{line}' is not an OID (expected one dotted OID per line)");
            }

            if (line is not (CertificateProfile.TimeStampingEku or CertificateProfile.OcspSigningEku))
            {
                _signerEkus.Add(line);
            }
        }

        return this;
    }

    /// <summary>Replaces the accepted signer EKUs.</summary>
    public TrustStore SetSignerEkus(IEnumerable<string> ekus)
    {
        _signerEkus.Clear();
        _signerEkus.UnionWith(ekus);
        return this;
    }

    /// <summary>True when the certificate is on the end-entity allow-list.</summary>
    public bool IsAllowedEndEntity(X509Certificate2 certificate) => _allowedFingerprints.Contains(Fingerprint(certificate));

    /// <summary>The SHA-256 fingerprint of a certificate's DER, lowercase hex.</summary>
    public static string Fingerprint(X509Certificate2 certificate) =>
        Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));

    private static string ParseFingerprint(string line)
    {
        var hex = line.Replace(":", string.Empty, StringComparison.Ordinal);
        if (hex.Length == 64 && hex.All(Uri.IsHexDigit))
        {
            return hex.ToLowerInvariant();
        }

        var bytes = new byte[48];
        if (Convert.TryFromBase64String(line, bytes, out var written) && written == 32)
        {
            return Convert.ToHexStringLower(bytes.AsSpan(0, 32));
        }

        throw new FormatException($"'{line}' is neither a PEM certificate nor a SHA-256 fingerprint (base64 or hex)");
    }

    private static bool IsOid(string text)
    {
        var parts = text.Split('.');
        return parts.Length >= 2 && parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit));
    }
}
