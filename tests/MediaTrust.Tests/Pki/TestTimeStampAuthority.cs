using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using MediaTrust.Pki;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities.Collections;
using BcAttribute = Org.BouncyCastle.Asn1.Cms.Attribute;
using BcAttributeTable = Org.BouncyCastle.Asn1.Cms.AttributeTable;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;
using MediaTrust.Testing;

namespace MediaTrust.Pki;

/// <summary>A minimal RFC 3161 token issuer for tests: TSTInfo built with AsnWriter, signed with SignedCms (BouncyCastle for Ed25519).</summary>
internal static class TestTimeStampAuthority
{
    private const string TstInfoOid = "1.2.840.113549.1.9.16.1.4";

    /// <summary>A TimeStampToken stamping <paramref name="toBeSigned"/> at <paramref name="genTime"/>.</summary>
    public static byte[] Issue(IssuedCertificate tsa, IEnumerable<X509Certificate2> extraCertificates, ReadOnlySpan<byte> toBeSigned,
        DateTimeOffset genTime, HashAlgorithmName? imprintHash = null, ReadOnlyMemory<byte>? nonce = null)
    {
        var hash = imprintHash ?? HashAlgorithmName.SHA256;
        var (hashOid, digest) = hash.Name switch
        {
            "SHA384" => ("2.16.840.1.101.3.4.2.2", SHA384.HashData(toBeSigned)),
            "SHA512" => ("2.16.840.1.101.3.4.2.3", SHA512.HashData(toBeSigned)),
            "SHA1" => ("1.3.14.3.2.26", CryptographicOperations.HashData(HashAlgorithmName.SHA1, toBeSigned)),
            _ => ("2.16.840.1.101.3.4.2.1", SHA256.HashData(toBeSigned)),
        };

        return IssueForDigest(tsa, extraCertificates, digest, hashOid, genTime, nonce);
    }

    /// <summary>A TimeStampToken for an already computed message imprint.</summary>
    /// <param name="signerIdentifier">How the SignerInfo names the TSA certificate (RFC 5652 §5.3 sid).</param>
    /// <param name="essNames">The certificate the ESS signing-certificate-v2 attribute names; the TSA's own by default.</param>
    public static byte[] IssueForDigest(IssuedCertificate tsa, IEnumerable<X509Certificate2> extraCertificates, byte[] digest, string hashOid,
        DateTimeOffset genTime, ReadOnlyMemory<byte>? nonce = null, X509Certificate2? essNames = null,
        SubjectIdentifierType signerIdentifier = SubjectIdentifierType.IssuerAndSerialNumber)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            writer.WriteObjectIdentifier("1.3.6.1.4.1.62558.99.1"); // a test policy
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(hashOid);
                    writer.WriteNull();
                }

                writer.WriteOctetString(digest);
            }

            writer.WriteInteger(RandomNumberGenerator.GetInt32(1, int.MaxValue));
            writer.WriteGeneralizedTime(genTime, omitFractionalSeconds: true);
            if (nonce is { } value)
            {
                writer.WriteInteger(value.Span);
            }
        }

        // RFC 3161 §2.4.1 / RFC 5816: the ESS signing-certificate-v2 attribute names the TSA certificate.
        var essWriter = new AsnWriter(AsnEncodingRules.DER);
        using (essWriter.PushSequence())
        {
            using (essWriter.PushSequence())
            {
                using (essWriter.PushSequence())
                {
                    essWriter.WriteOctetString(SHA256.HashData((essNames ?? tsa.Certificate).RawData));
                }
            }
        }

        if (tsa.Certificate.PublicKey.Oid.Value == "1.3.101.112")
        {
            return SignWithBouncyCastle(tsa, extraCertificates, writer.Encode(), essWriter.Encode());
        }

        var content = new ContentInfo(new Oid(TstInfoOid), writer.Encode());
        var cms = new SignedCms(content, detached: false);
        using var withKey = tsa.WithPrivateKey();
        var signer = new CmsSigner(signerIdentifier, withKey)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        signer.SignedAttributes.Add(new AsnEncodedData("1.2.840.113549.1.9.16.2.47", essWriter.Encode()));
        foreach (var certificate in extraCertificates)
        {
            signer.Certificates.Add(certificate);
        }

        cms.ComputeSignature(signer);
        return cms.Encode();
    }

    /// <summary>.NET's SignedCms cannot sign with Ed25519: BouncyCastle's CMS generator does (RFC 8419, SHA-512 digest).</summary>
    private static byte[] SignWithBouncyCastle(IssuedCertificate tsa, IEnumerable<X509Certificate2> extraCertificates, byte[] tstInfo, byte[] essCertificateV2)
    {
        var attributes = new Dictionary<DerObjectIdentifier, object>
        {
            [new DerObjectIdentifier("1.2.840.113549.1.9.16.2.47")] = new BcAttribute(
                new DerObjectIdentifier("1.2.840.113549.1.9.16.2.47"), new DerSet(Asn1Object.FromByteArray(essCertificateV2))),
        };
        var generator = new CmsSignedDataGenerator();
        var pem = tsa.PrivateKeyPem;
        var privateKey = PrivateKeyFactory.CreateKey(Convert.FromBase64String(pem[PemEncoding.Find(pem).Base64Data]));
        generator.AddSigner(privateKey, new BcCertificate(tsa.Certificate.RawData), "1.3.101.112",
            CmsSignedGenerator.DigestSha512, new BcAttributeTable(attributes), null);
        var certificates = new List<BcCertificate> { new(tsa.Certificate.RawData) };
        certificates.AddRange(extraCertificates.Select(c => new BcCertificate(c.RawData)));
        generator.AddCertificates(CollectionUtilities.CreateStore(certificates));
        return generator.Generate(new CmsProcessableByteArray(new DerObjectIdentifier(TstInfoOid), tstInfo), encapsulate: true).GetEncoded();
    }

    /// <summary>A TimeStampResp (RFC 3161 §2.4.2) around <paramref name="token"/>, as v1 sigTst holds it.</summary>
    public static byte[] WrapAsResponse(byte[]? token, int status = 0)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteInteger(status);
            }

            if (token is not null)
            {
                writer.WriteEncodedValue(token);
            }
        }

        return writer.Encode();
    }
}

/// <summary>The test PKI's time-stamp authority as an <see cref="ITimeStampProvider"/>, answering in-process and stamping at <paramref name="at"/>.</summary>
internal sealed class TestTimeStampProvider(TestPki pki, DateTimeOffset at) : ITimeStampProvider
{
    /// <summary>How many tokens it issued.</summary>
    public int Issued { get; private set; }

    public ValueTask<byte[]> GetTokenAsync(ReadOnlyMemory<byte> data, HashAlgorithmName hash, CancellationToken cancellationToken = default)
    {
        Issued++;
        return ValueTask.FromResult(TestTimeStampAuthority.Issue(pki.TimeStampAuthority, [pki.Intermediate.Certificate], data.Span, at, hash));
    }
}
