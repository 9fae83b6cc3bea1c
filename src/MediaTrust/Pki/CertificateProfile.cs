using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace MediaTrust.Pki;

/// <summary>What a certificate is being checked for (§14.5.1.2: one purpose per end-entity certificate).</summary>
public enum CertificatePurpose
{
    /// <summary>Signs C2PA claims.</summary>
    ClaimSigning,

    /// <summary>Signs RFC 3161 time-stamps (exactly id-kp-timeStamping).</summary>
    TimeStamping,

    /// <summary>Signs OCSP responses (exactly id-kp-OCSPSigning).</summary>
    OcspSigning,

    /// <summary>Issues certificates (a CA in a chain).</summary>
    CertificateAuthority,
}

/// <summary>One rule of the certificate profile and how the certificate fared.</summary>
/// <param name="Rule">A stable identifier, e.g. <c>keyUsage.digitalSignature</c>.</param>
/// <param name="Requirement">The rule in words, with its clause.</param>
/// <param name="Passed">Whether the certificate meets it.</param>
/// <param name="Detail">What was found, when it failed (or a note when it passed).</param>
public sealed record CertificateRuleResult(string Rule, string Requirement, bool Passed, string? Detail);

/// <summary>The result of checking a certificate against the C2PA certificate profile (§14.5.1).</summary>
public sealed class CertificateProfileReport
{
    internal CertificateProfileReport(string subject, CertificatePurpose purpose, IReadOnlyList<CertificateRuleResult> rules)
    {
        Subject = subject;
        Purpose = purpose;
        Rules = rules;
    }

    /// <summary>The certificate's subject name.</summary>
    public string Subject { get; }

    /// <summary>The purpose checked for.</summary>
    public CertificatePurpose Purpose { get; }

    /// <summary>Every rule checked, in the order of §14.5.1.1.</summary>
    public IReadOnlyList<CertificateRuleResult> Rules { get; }

    /// <summary>True when every rule passed.</summary>
    public bool IsCompliant => !Rules.Any(r => !r.Passed);

    /// <summary>The rules that failed.</summary>
    public IEnumerable<CertificateRuleResult> Failures => Rules.Where(r => !r.Passed);

    /// <summary>A one-line summary naming each failed rule, for a <c>signingCredential.invalid</c> finding.</summary>
    public string Describe() => IsCompliant
        ? $"'{Subject}' meets the C2PA certificate profile for {Purpose}"
        : $"'{Subject}' fails the C2PA certificate profile (§14.5.1): " +
          string.Join("; ", Failures.Select(f => $"{f.Rule}: {f.Detail}"));
}

/// <summary>
/// Checks a certificate against the C2PA 2.2 certificate profile (§14.5.1.1) for a purpose.
/// Validity in time is not part of the profile result: it has its own status codes
/// (<c>claimSignature.outsideValidity</c>, <c>timeStamp.outsideValidity</c>).
/// </summary>
public static class CertificateProfile
{
    /// <summary>c2pa-kp-claimSigning (§14.5.1).</summary>
    public const string ClaimSigningEku = "1.3.6.1.4.1.62558.2.1";

    /// <summary>id-kp-timeStamping (RFC 5280).</summary>
    public const string TimeStampingEku = "1.3.6.1.5.5.7.3.8";

    /// <summary>id-kp-OCSPSigning (RFC 5280).</summary>
    public const string OcspSigningEku = "1.3.6.1.5.5.7.3.9";

    /// <summary>anyExtendedKeyUsage, forbidden on C2PA certificates (§14.5.1.1).</summary>
    public const string AnyEku = "2.5.29.37.0";

    private static readonly Dictionary<string, string> AllowedSignatureAlgorithms = new(StringComparer.Ordinal)
    {
        ["1.2.840.10045.4.3.2"] = "ecdsa-with-SHA256",
        ["1.2.840.10045.4.3.3"] = "ecdsa-with-SHA384",
        ["1.2.840.10045.4.3.4"] = "ecdsa-with-SHA512",
        ["1.2.840.113549.1.1.11"] = "sha256WithRSAEncryption",
        ["1.2.840.113549.1.1.12"] = "sha384WithRSAEncryption",
        ["1.2.840.113549.1.1.13"] = "sha512WithRSAEncryption",
        ["1.2.840.113549.1.1.10"] = "id-RSASSA-PSS",
        ["1.3.101.112"] = "id-Ed25519",
    };

    private static readonly Dictionary<string, string> AllowedCurves = new(StringComparer.Ordinal)
    {
        ["1.2.840.10045.3.1.7"] = "prime256v1",
        ["1.3.132.0.34"] = "secp384r1",
        ["1.3.132.0.35"] = "secp521r1",
    };

    private static readonly HashSet<string> PssHashes = new(StringComparer.Ordinal)
    {
        "2.16.840.1.101.3.4.2.1", "2.16.840.1.101.3.4.2.2", "2.16.840.1.101.3.4.2.3",
    };

    /// <summary>Checks <paramref name="certificate"/> for <paramref name="purpose"/>.</summary>
    public static CertificateProfileReport Check(X509Certificate2 certificate, CertificatePurpose purpose) =>
        // The report is a function of the certificate and purpose; certificates shared by CertificateLoader's
        // cache are checked once (BouncyCastle re-parsing them was a tenth of a signature check).
        Reports.GetValue(certificate, _ => new()).GetOrAdd(purpose, p => CheckUncached(certificate, p));

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<X509Certificate2,
        System.Collections.Concurrent.ConcurrentDictionary<CertificatePurpose, CertificateProfileReport>> Reports = new();

    private static CertificateProfileReport CheckUncached(X509Certificate2 certificate, CertificatePurpose purpose)
    {
        try
        {
            return CheckCore(certificate, purpose);
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or IOException or InvalidOperationException
            or System.Security.Cryptography.CryptographicException or Org.BouncyCastle.Security.Certificates.CertificateException)
        {
            // BouncyCastle decodes extensions lazily: a corrupt one surfaces here.
            return new CertificateProfileReport(SafeSubject(certificate), purpose,
                [new("certificate.wellFormed", "The certificate is a well-formed X.509 certificate (RFC 5280 §4.1).", false, e.Message)]);
        }
    }

    private static string SafeSubject(X509Certificate2 certificate)
    {
        try
        {
            return certificate.Subject;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return "(unreadable subject)";
        }
    }

    private static CertificateProfileReport CheckCore(X509Certificate2 certificate, CertificatePurpose purpose)
    {
        var rules = new List<CertificateRuleResult>(16);
        BcCertificate bc;
        try
        {
            bc = CertificateKeys.Bouncy(certificate);
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or IOException or Org.BouncyCastle.Security.Certificates.CertificateException)
        {
            rules.Add(new("certificate.wellFormed", "The certificate is a well-formed X.509 certificate (RFC 5280 §4.1).", false, e.Message));
            return new CertificateProfileReport(certificate.Subject, purpose, rules);
        }

        void Rule(string id, string requirement, bool passed, string? detail = null) =>
            rules.Add(new CertificateRuleResult(id, requirement, passed, detail));

        // §14.5.1.1: signatureAlgorithm.
        var sigOid = bc.SigAlgOid;
        var sigAllowed = AllowedSignatureAlgorithms.TryGetValue(sigOid, out var sigName);
        Rule("signatureAlgorithm", "The signature algorithm is ECDSA/RSA with SHA-256/384/512, RSASSA-PSS or Ed25519 (§14.5.1.1).",
            sigAllowed, sigAllowed ? sigName : $"signature algorithm {sigOid} is not allowed");
        if (sigOid == SignatureVerifier.RsaPssOid)
        {
            var (ok, why) = CheckPssParameters(bc.GetSigAlgParams());
            Rule("signatureAlgorithm.pssParameters", "RSASSA-PSS parameters name SHA-256/384/512 and MGF1 with the same hash (§14.5.1.1).", ok, why);
        }

        // §14.5.1.1: subject public key.
        var spki = bc.CertificateStructure.SubjectPublicKeyInfo;
        var keyOid = spki.Algorithm.Algorithm.Id;
        switch (keyOid)
        {
            case SignatureVerifier.EcPublicKeyOid:
            {
                var curve = spki.Algorithm.Parameters is DerObjectIdentifier named ? named.Id : null;
                var ok = curve is not null && AllowedCurves.ContainsKey(curve);
                Rule("publicKey.curve", "An EC key is on prime256v1, secp384r1 or secp521r1 (§14.5.1.1).", ok,
                    ok ? AllowedCurves[curve!] : $"curve {curve ?? "(not a named curve)"} is not allowed");
                break;
            }

            case SignatureVerifier.RsaEncryptionOid or SignatureVerifier.RsaPssOid:
            {
                var bits = RsaModulusBits(spki);
                Rule("publicKey.rsaSize", "An RSA modulus has at least 2048 bits (§14.5.1.1).", bits >= 2048, $"{bits} bits");
                break;
            }

            case SignatureVerifier.Ed25519Oid:
                Rule("publicKey.algorithm", "The key is EC, RSA or Ed25519 (§14.5.1.1).", true, "Ed25519");
                break;
            default:
                Rule("publicKey.algorithm", "The key is EC, RSA or Ed25519 (§14.5.1.1).", false, $"key algorithm {keyOid} is not allowed");
                break;
        }

        // §14.5.1.1: version and unique identifiers (RFC 5280 §4.1.2.1, §4.1.2.8).
        Rule("version", "The certificate is X.509 version 3 (RFC 5280 §4.1.2.1).", bc.Version == 3, $"version {bc.Version}");
        var hasUniqueIds = bc.IssuerUniqueID is not null || bc.SubjectUniqueID is not null;
        Rule("uniqueIdentifiers", "issuerUniqueID and subjectUniqueID are absent (RFC 5280 §4.1.2.8).", !hasUniqueIds,
            hasUniqueIds ? "a unique identifier is present" : null);

        // Basic constraints and key usage (RFC 5280 §4.2.1.9, §4.2.1.3).
        var basic = BasicConstraints.GetInstance(bc.GetExtensionParsedValue(X509Extensions.BasicConstraints));
        var isCa = basic?.IsCA() == true;
        var keyUsageBits = bc.GetKeyUsage(); // null when absent; index 0 = digitalSignature, 5 = keyCertSign
        var keyCertSign = keyUsageBits is { Length: > 5 } && keyUsageBits[5];
        var digitalSignature = keyUsageBits is { Length: > 0 } && keyUsageBits[0];
        var wantsCa = purpose == CertificatePurpose.CertificateAuthority;
        var basicOk = wantsCa ? isCa : !isCa && !keyCertSign;
        Rule("basicConstraints",
            wantsCa
                ? "A CA certificate has Basic Constraints with cA asserted (RFC 5280 §4.2.1.9)."
                : "An end-entity certificate has no Basic Constraints or cA false, and no keyCertSign (RFC 5280 §4.2.1.9, §14.5.1.2: a CA shall not sign claims, time-stamps or OCSP responses).",
            basicOk, isCa ? "cA is asserted" : basic is null ? "Basic Constraints absent" : "cA is not asserted");

        // AKI unless self-signed (RFC 5280 §4.2.1.1); SKI on CAs (§4.2.1.2).
        var selfSigned = bc.IssuerDN.Equivalent(bc.SubjectDN) && CertificateSignature.Verify(certificate, certificate);
        var hasAki = bc.GetExtensionValue(X509Extensions.AuthorityKeyIdentifier) is not null;
        Rule("authorityKeyIdentifier", "The Authority Key Identifier is present unless the certificate is self-signed (RFC 5280 §4.2.1.1).",
            hasAki || selfSigned, hasAki ? null : selfSigned ? "absent, self-signed" : "absent on a certificate that is not self-signed");
        if (isCa || wantsCa)
        {
            var hasSki = bc.GetExtensionValue(X509Extensions.SubjectKeyIdentifier) is not null;
            Rule("subjectKeyIdentifier", "A CA certificate has a Subject Key Identifier (RFC 5280 §4.2.1.2).", hasSki, hasSki ? null : "absent");
        }

        Rule("keyUsage", "The Key Usage extension is present (RFC 5280 §4.2.1.3).", keyUsageBits is not null, keyUsageBits is null ? "absent" : null);
        if (keyUsageBits is not null)
        {
            if (wantsCa)
            {
                Rule("keyUsage.keyCertSign", "A CA that issues certificates asserts keyCertSign (RFC 5280 §4.2.1.3).", keyCertSign, keyCertSign ? null : "keyCertSign not asserted");
            }
            else
            {
                Rule("keyUsage.digitalSignature", "A signing certificate asserts digitalSignature (§14.5.1.1).", digitalSignature, digitalSignature ? null : "digitalSignature not asserted");
            }

            Rule("keyUsage.keyCertSignOnlyOnCa", "keyCertSign is asserted only when cA is asserted (§14.5.1.1).", !keyCertSign || isCa,
                keyCertSign && !isCa ? "keyCertSign without cA" : null);
        }

        // EKU (RFC 5280 §4.2.1.12, §14.5.1.1): required and non-empty on end entities; CAs' EKUs are ignored (§14.5.1.2).
        IList<DerObjectIdentifier>? ekus = null;
        try
        {
            ekus = bc.GetExtendedKeyUsage();
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException)
        {
            Rule("extendedKeyUsage.wellFormed", "The Extended Key Usage extension parses (RFC 5280 §4.2.1.12).", false, e.Message);
        }

        var ekuIds = ekus?.Select(o => o.Id).ToList() ?? [];
        if (!wantsCa)
        {
            Rule("extendedKeyUsage", "An end-entity certificate has a non-empty Extended Key Usage extension (§14.5.1.1).",
                ekuIds.Count > 0, ekuIds.Count > 0 ? string.Join(", ", ekuIds) : "absent or empty");
            Rule("extendedKeyUsage.noAnyEku", "anyExtendedKeyUsage (2.5.29.37.0) is not present (§14.5.1.1).", !ekuIds.Contains(AnyEku),
                ekuIds.Contains(AnyEku) ? "anyExtendedKeyUsage is present" : null);
            var hasTsa = ekuIds.Contains(TimeStampingEku);
            var hasOcsp = ekuIds.Contains(OcspSigningEku);
            if (purpose == CertificatePurpose.TimeStamping)
            {
                Rule("extendedKeyUsage.timeStamping", "A time-stamping certificate is valid for id-kp-timeStamping (§14.5.1.1).", hasTsa, hasTsa ? null : "id-kp-timeStamping missing");
            }

            if (purpose == CertificatePurpose.OcspSigning)
            {
                Rule("extendedKeyUsage.ocspSigning", "An OCSP responder certificate is valid for id-kp-OCSPSigning (§14.5.1.1).", hasOcsp, hasOcsp ? null : "id-kp-OCSPSigning missing");
            }

            if (hasTsa || hasOcsp)
            {
                var exclusive = ekuIds.Count == 1;
                Rule("extendedKeyUsage.exclusive", "A certificate valid for timeStamping or OCSPSigning is valid for exactly that one purpose (§14.5.1.1).",
                    exclusive, exclusive ? null : $"it also lists {string.Join(", ", ekuIds.Where(e => e is not (TimeStampingEku or OcspSigningEku) || (hasTsa && hasOcsp)))}");
            }
        }

        return new CertificateProfileReport(certificate.Subject, purpose, rules);
    }

    private static (bool Ok, string Detail) CheckPssParameters(byte[]? encoded)
    {
        if (encoded is null)
        {
            return (false, "RSASSA-PSS parameters are absent");
        }

        try
        {
            var parameters = RsassaPssParameters.GetInstance(Asn1Object.FromByteArray(encoded));
            var hash = parameters.HashAlgorithm.Algorithm.Id;
            var mgfHash = AlgorithmIdentifier.GetInstance(parameters.MaskGenAlgorithm.Parameters).Algorithm.Id;
            if (!PssHashes.Contains(hash))
            {
                return (false, $"hash {hash} is not SHA-256/384/512 (a missing hashAlgorithm defaults to SHA-1)");
            }

            return mgfHash == hash ? (true, $"hash {hash}") : (false, $"MGF1 hash {mgfHash} differs from hash {hash}");
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or IOException or InvalidOperationException)
        {
            return (false, $"RSASSA-PSS parameters do not parse: {e.Message}");
        }
    }

    private static int RsaModulusBits(SubjectPublicKeyInfo spki)
    {
        try
        {
            return RsaPublicKeyStructure.GetInstance(spki.ParsePublicKey()).Modulus.BitLength;
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or IOException)
        {
            return 0;
        }
    }
}
