using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Org.BouncyCastle.Asn1.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace MediaTrust.Pki;

/// <summary>
/// The public key of a certificate (as .NET RSA or ECDsa objects) and its BouncyCastle form, made once
/// per certificate object and kept as long as it lives. Certificates from <see cref="CertificateLoader"/>
/// are shared across manifests and files, so importing their keys and re-parsing them with
/// BouncyCastle for every signature was a fifth of a validation's cost.
/// </summary>
/// <remarks>
/// Callers must not dispose what these return. Verification on a shared key object is safe from several
/// threads: each OpenSSL operation takes its own context, and nothing here mutates a key after import.
/// </remarks>
internal static class CertificateKeys
{
    private static readonly ConditionalWeakTable<X509Certificate2, Keys> Table = new();

    /// <summary>The RSA key, or null when the certificate's key is not RSA (rsaEncryption or id-RSASSA-PSS).</summary>
    /// <exception cref="CryptographicException">The key does not import.</exception>
    public static RSA? Rsa(X509Certificate2 certificate) => For(certificate).Rsa.Value;

    /// <summary>The ECDSA key, or null when the certificate's key is not an EC key.</summary>
    /// <exception cref="CryptographicException">The key does not import (an unnamed curve, say).</exception>
    public static ECDsa? Ecdsa(X509Certificate2 certificate) => For(certificate).Ecdsa.Value;

    /// <summary>The certificate parsed by BouncyCastle.</summary>
    /// <exception cref="Org.BouncyCastle.Security.Certificates.CertificateException">It does not parse.</exception>
    public static BcCertificate Bouncy(X509Certificate2 certificate) => For(certificate).Bouncy.Value;

    /// <summary>The subject name folded for comparison (<see cref="FoldedName"/>); null when it does not parse.</summary>
    public static string[]? FoldedSubject(X509Certificate2 certificate) => For(certificate).FoldedSubject.Value;

    /// <summary>The issuer name folded for comparison (<see cref="FoldedName"/>); null when it does not parse.</summary>
    public static string[]? FoldedIssuer(X509Certificate2 certificate) => For(certificate).FoldedIssuer.Value;

    /// <summary>
    /// A distinguished name as one "OID=value" string per attribute, in order, each value folded as RFC 5280 §7.1
    /// allows when names are compared: lower case (invariant), outer spaces trimmed, inner runs of spaces made one. A value
    /// that is not a string type is compared as its DER in hex (#...), as BouncyCastle gives it. Two names are equivalent
    /// when their folded forms are equal; this is the comparison BouncyCastle's <c>X509Name.Equivalent(other, inOrder:
    /// true)</c> makes, done once per name instead of once per pair.
    /// </summary>
    internal static string[]? FoldedName(byte[] encodedName)
    {
        X509Name name;
        try
        {
            name = X509Name.GetInstance(encodedName);
        }
        catch (ArgumentException)
        {
            return null;
        }

        var oids = name.GetOidList();
        var values = name.GetValueList();
        var folded = new string[oids.Count];
        for (var i = 0; i < folded.Length; i++)
        {
            folded[i] = oids[i].Id + "=" + Fold(values[i]);
        }

        return folded;
    }

    private static string Fold(string value)
    {
        var folded = value.ToLowerInvariant().Trim();
        if (!folded.Contains("  ", StringComparison.Ordinal))
        {
            return folded;
        }

        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (c != ' ' || builder.Length == 0 || builder[^1] != ' ')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static Keys For(X509Certificate2 certificate) => Table.GetValue(certificate, static c => new Keys(c));

    /// <summary>Lazy, so a key is imported only when a check needs it; a failure to import is kept and rethrown alike.</summary>
    private sealed class Keys(X509Certificate2 certificate)
    {
        public Lazy<RSA?> Rsa { get; } = new(() => LoadRsa(certificate));

        public Lazy<ECDsa?> Ecdsa { get; } = new(() =>
            certificate.PublicKey.Oid.Value == SignatureVerifier.EcPublicKeyOid ? certificate.GetECDsaPublicKey() : null);

        public Lazy<BcCertificate> Bouncy { get; } = new(() => new BcCertificate(certificate.RawData));

        public Lazy<string[]?> FoldedSubject { get; } = new(() => FoldedName(certificate.SubjectName.RawData));

        public Lazy<string[]?> FoldedIssuer { get; } = new(() => FoldedName(certificate.IssuerName.RawData));

        /// <summary>
        /// .NET does not load keys whose SPKI algorithm is id-RSASSA-PSS (used by c2pa-rs's PS256 test
        /// certificates), so those are read from the SPKI's RSAPublicKey.
        /// </summary>
        private static RSA? LoadRsa(X509Certificate2 certificate)
        {
            switch (certificate.PublicKey.Oid.Value)
            {
                case SignatureVerifier.RsaEncryptionOid:
                    return certificate.GetRSAPublicKey();
                case SignatureVerifier.RsaPssOid:
                    var rsa = RSA.Create();
                    try
                    {
                        rsa.ImportRSAPublicKey(certificate.PublicKey.EncodedKeyValue.RawData, out _);
                        return rsa;
                    }
                    catch (CryptographicException)
                    {
                        rsa.Dispose();
                        throw;
                    }

                default:
                    return null;
            }
        }
    }
}
