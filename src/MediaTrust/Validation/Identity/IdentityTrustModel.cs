using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MediaTrust.Pki;

namespace MediaTrust.Validation.Identity;

/// <summary>
/// The CAWG trust configuration for X.509 identity signers (CAWG identity 1.3, "Trust model for X.509 certificates"):
/// accepted EKUs, each with its certificate policies and anchors, and the interim additions for S/MIME certificates.
/// </summary>
internal static class IdentityTrustModel
{
    /// <summary>id-kp-documentSigning: always accepted, with no certificate policy required.</summary>
    public const string DocumentSigningEku = "1.3.6.1.5.5.7.3.36";

    /// <summary>id-kp-emailProtection: accepted under the interim trust model only.</summary>
    public const string EmailProtectionEku = "1.3.6.1.5.5.7.3.4";

    /// <summary>The last day the interim trust model applies to (1.3, "Interim trust model additions": on or before 31 March 2027).</summary>
    public static readonly DateTimeOffset InterimEnd = new(2027, 3, 31, 23, 59, 59, TimeSpan.Zero);

    /// <summary>
    /// The CA/Browser Forum S/MIME policies the interim model accepts: organization-, sponsor- and individual-validated,
    /// multipurpose or strict (never mailbox-validated or legacy).
    /// </summary>
    public static readonly IReadOnlySet<string> InterimPolicies = new HashSet<string>(
        ["2.23.140.1.5.2.2", "2.23.140.1.5.2.3", "2.23.140.1.5.3.2", "2.23.140.1.5.3.3", "2.23.140.1.5.4.2", "2.23.140.1.5.4.3"],
        StringComparer.Ordinal);

    /// <summary>An empty CAWG trust store accepting the two EKUs of 1.3.</summary>
    public static TrustStore CreateStore() => new TrustStoreBuilder().SetSignerEkus([DocumentSigningEku, EmailProtectionEku]).Build();

    /// <summary>
    /// The store the claim-signature machinery checks an identity signature against: the CAWG anchors, EKUs and
    /// allow-list, and the time-stamp authorities of both stores (1.3: the TSA list may be shared with C2PA).
    /// </summary>
    public static TrustStore Combine(TrustStore identity, TrustStore c2pa)
    {
        var store = new TrustStoreBuilder().SetSignerEkus(identity.SignerEkus);
        foreach (var anchor in identity.SignerAnchors)
        {
            store.AddSignerAnchors([anchor.Certificate], anchor.Ekus, anchor.List);
        }

        foreach (var anchor in identity.TimeStampAnchors.Concat(c2pa.TimeStampAnchors))
        {
            store.AddTimeStampAnchors([anchor.Certificate], anchor.List);
        }

        if (identity.AllowedEndEntityFingerprints.Count > 0)
        {
            store.AddAllowedEndEntities(string.Join('\n', identity.AllowedEndEntityFingerprints));
        }

        return store.Build();
    }

    /// <summary>
    /// The interim rules for a signer trusted through id-kp-emailProtection alone: one of <see cref="InterimPolicies"/>,
    /// and validation (or a trusted time-stamp) on or before <see cref="InterimEnd"/>. Null when they hold (or do not apply).
    /// </summary>
    public static string? InterimProblem(X509Certificate2 leaf, DateTimeOffset time)
    {
        var ekus = Ekus(leaf);
        if (ekus.Contains(DocumentSigningEku) || !ekus.Contains(EmailProtectionEku))
        {
            return null;
        }

        if (time > InterimEnd)
        {
            return $"an S/MIME (id-kp-emailProtection) identity certificate is trusted only for assertions made on or before 31 March 2027; the time that counts is {time.UtcDateTime:u}";
        }

        var policies = Policies(leaf);
        return policies.Overlaps(InterimPolicies)
            ? null
            : $"an S/MIME identity certificate needs an organization-, sponsor- or individual-validated certificate policy (it has {(policies.Count == 0 ? "none" : string.Join(", ", policies))})";
    }

    private static HashSet<string> Ekus(X509Certificate2 certificate)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var extension in certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>())
        {
            try
            {
                foreach (var oid in extension.EnhancedKeyUsages)
                {
                    if (oid.Value is not null)
                    {
                        result.Add(oid.Value);
                    }
                }
            }
            catch (CryptographicException)
            {
                // A malformed EKU grants nothing.
            }
        }

        return result;
    }

    /// <summary>The certificatePolicies (2.5.29.32) policy identifiers; empty when absent or malformed.</summary>
    private static HashSet<string> Policies(X509Certificate2 certificate)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var extension = certificate.Extensions["2.5.29.32"];
        if (extension is null)
        {
            return result;
        }

        try
        {
            var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            while (sequence.HasData)
            {
                var info = sequence.ReadSequence();
                result.Add(info.ReadObjectIdentifier());
            }
        }
        catch (AsnContentException)
        {
            result.Clear();
        }

        return result;
    }
}
