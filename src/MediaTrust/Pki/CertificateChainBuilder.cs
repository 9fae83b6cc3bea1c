using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace MediaTrust.Pki;

/// <summary>A chain from an end-entity certificate to an anchor, or why there is none.</summary>
/// <param name="Path">Leaf first, anchor last; empty when no chain was found.</param>
/// <param name="Problem">Why no chain was found; null when one was.</param>
internal sealed record ChainResult(IReadOnlyList<X509Certificate2> Path, string? Problem)
{
    public bool Found => Problem is null;
}

/// <summary>
/// Builds and checks a certification path (RFC 5280 §6, the parts C2PA needs): issuer/subject name
/// chaining, each signature verified with the issuer's key (<see cref="CertificateSignature"/>, so
/// Ed25519 and RSA-PSS chains work on every platform; .NET's X509Chain cannot verify Ed25519 on Linux), CA basic
/// constraints, keyCertSign, path length, and no unknown critical extension. Time validity is
/// checked separately (<see cref="CertificateValidity"/>) because C2PA reports it with its own codes.
/// Nothing is fetched from the network.
/// </summary>
internal static class CertificateChainBuilder
{
    private const int MaxDepth = 8;

    // Each step verifies a signature; a hostile x5chain of same-named, same-key CAs could otherwise make
    // the search exponential. Real chains need a handful of verifications.
    private const int MaxSignatureChecks = 128;

    private static readonly HashSet<string> UnderstoodCriticalExtensions = new(StringComparer.Ordinal)
    {
        X509Extensions.BasicConstraints.Id, X509Extensions.KeyUsage.Id, X509Extensions.ExtendedKeyUsage.Id,
        X509Extensions.SubjectAlternativeName.Id, X509Extensions.CertificatePolicies.Id,
        X509Extensions.AuthorityKeyIdentifier.Id, X509Extensions.SubjectKeyIdentifier.Id,
    };

    public static ChainResult Build(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> intermediates, IEnumerable<X509Certificate2> anchors)
    {
        var anchorList = anchors.ToList();
        if (anchorList.Count == 0)
        {
            return new ChainResult([], "no trust anchors are configured for this purpose");
        }

        BcCertificate bcLeaf;
        try
        {
            bcLeaf = CertificateKeys.Bouncy(leaf);
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidCastException or Org.BouncyCastle.Security.Certificates.CertificateException)
        {
            return new ChainResult([], $"the certificate does not parse: {e.Message}");
        }

        var critical = UnknownCritical(bcLeaf);
        if (critical is not null)
        {
            return new ChainResult([], $"'{leaf.Subject}' has an unsupported critical extension {critical}");
        }

        // The anchor itself (e.g. an allowed self-signed signer) needs no path.
        if (anchorList.Any(a => a.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span)))
        {
            return new ChainResult([leaf], null);
        }

        var path = new List<(X509Certificate2 Dotnet, BcCertificate Bc)> { (leaf, bcLeaf) };
        string? lastProblem = null;
        var budget = MaxSignatureChecks;
        return Extend(path, intermediates, anchorList, ref lastProblem, ref budget)
            ? new ChainResult(path.Select(p => p.Dotnet).ToList(), null)
            : new ChainResult([], lastProblem ?? $"no chain from '{leaf.Subject}' to a trust anchor (issuer '{leaf.Issuer}' is unknown)");
    }

    private static bool Extend(List<(X509Certificate2 Dotnet, BcCertificate Bc)> path, IReadOnlyList<X509Certificate2> intermediates,
        List<X509Certificate2> anchors, ref string? problem, ref int budget)
    {
        var (current, bcCurrent) = path[^1];
        if (path.Count > MaxDepth)
        {
            problem = "the chain is too long";
            return false;
        }

        var issuerName = current.IssuerName.RawData;
        foreach (var candidate in anchors.Concat(intermediates))
        {
            if (!candidate.SubjectName.RawData.AsSpan().SequenceEqual(issuerName) && !NamesEquivalent(candidate, current))
            {
                continue;
            }

            if (path.Any(p => p.Dotnet.RawDataMemory.Span.SequenceEqual(candidate.RawDataMemory.Span)))
            {
                continue;
            }

            var isAnchor = anchors.Contains(candidate);

            if (--budget < 0)
            {
                problem = $"chain building gave up after {MaxSignatureChecks} signature checks (x5chain holds too many candidate issuers)";
                return false;
            }

            if (!CertificateSignature.Verify(current, candidate))
            {
                problem = $"the signature on '{current.Subject}' does not verify with the key of '{candidate.Subject}'";
                continue;
            }

            BcCertificate bcCandidate;
            try
            {
                bcCandidate = CertificateKeys.Bouncy(candidate);
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidCastException or Org.BouncyCastle.Security.Certificates.CertificateException)
            {
                problem = $"'{candidate.Subject}' does not parse: {e.Message}";
                continue;
            }

            // RFC 5280 §6.1.4 (k), (n): an issuer must be a CA allowed to sign certificates.
            var basic = BasicConstraints.GetInstance(bcCandidate.GetExtensionParsedValue(X509Extensions.BasicConstraints));
            var keyUsage = bcCandidate.GetKeyUsage();
            if (!isAnchor || basic is not null)
            {
                if (basic?.IsCA() != true)
                {
                    problem = $"'{candidate.Subject}' issued '{current.Subject}' but is not a CA (Basic Constraints cA is not asserted)";
                    continue;
                }

                if (keyUsage is not null && (keyUsage.Length <= 5 || !keyUsage[5]))
                {
                    problem = $"'{candidate.Subject}' issued '{current.Subject}' but its Key Usage lacks keyCertSign";
                    continue;
                }

                // RFC 5280 §6.1.4 (l), (m): pathLenConstraint counts the CAs below this one.
                var casBelow = path.Count - 1;
                if (basic?.PathLenConstraint is { } pathLen && casBelow > pathLen.IntValue)
                {
                    problem = $"'{candidate.Subject}' allows {pathLen.IntValue} CA certificate(s) below it, the chain has {casBelow}";
                    continue;
                }
            }

            var critical = UnknownCritical(bcCandidate);
            if (critical is not null)
            {
                problem = $"'{candidate.Subject}' has an unsupported critical extension {critical}";
                continue;
            }

            path.Add((candidate, bcCandidate));
            if (isAnchor || Extend(path, intermediates, anchors, ref problem, ref budget))
            {
                return true;
            }

            path.RemoveAt(path.Count - 1);
        }

        return false;
    }

    /// <summary>
    /// RFC 5280 §7.1: names match RDN by RDN, in order, with case and space folding. Each certificate's names are
    /// folded once and kept (<see cref="CertificateKeys"/>): a chain is tried against every anchor of the trust
    /// lists at every level, and parsing both names for each try was most of a validation's allocations.
    /// </summary>
    private static bool NamesEquivalent(X509Certificate2 issuer, X509Certificate2 subject) =>
        CertificateKeys.FoldedSubject(issuer) is { } issuerSubject && CertificateKeys.FoldedIssuer(subject) is { } subjectIssuer
        && issuerSubject.AsSpan().SequenceEqual(subjectIssuer);

    private static string? UnknownCritical(BcCertificate certificate)
    {
        var oids = certificate.GetCriticalExtensionOids();
        if (oids is null)
        {
            return null;
        }

        foreach (var oid in oids)
        {
            if (!UnderstoodCriticalExtensions.Contains(oid))
            {
                return oid;
            }
        }

        return null;
    }
}

/// <summary>Time validity of certificates (§15.8: the signer and every CA up to the anchor).</summary>
internal static class CertificateValidity
{
    /// <summary>The first certificate of <paramref name="certificates"/> not valid at <paramref name="time"/>, with why; null when all are.</summary>
    public static string? FirstProblem(IEnumerable<X509Certificate2> certificates, DateTimeOffset time)
    {
        foreach (var certificate in certificates)
        {
            var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
            var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
            if (time < notBefore)
            {
                return $"'{certificate.Subject}' is not valid until {notBefore:u} (time checked: {time.UtcDateTime:u})";
            }

            if (time > notAfter)
            {
                return $"'{certificate.Subject}' expired at {notAfter:u} (time checked: {time.UtcDateTime:u})";
            }
        }

        return null;
    }
}
