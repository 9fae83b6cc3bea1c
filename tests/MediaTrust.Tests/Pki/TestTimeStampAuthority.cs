using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using MediaTrust.Pki;

namespace MediaTrust.Pki;

/// <summary>A minimal RFC 3161 token issuer for tests: TSTInfo built with AsnWriter, signed with SignedCms.</summary>
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
    public static byte[] IssueForDigest(IssuedCertificate tsa, IEnumerable<X509Certificate2> extraCertificates, byte[] digest, string hashOid,
        DateTimeOffset genTime, ReadOnlyMemory<byte>? nonce = null)
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

        var content = new ContentInfo(new Oid(TstInfoOid), writer.Encode());
        var cms = new SignedCms(content, detached: false);
        using var withKey = tsa.WithPrivateKey();
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, withKey)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        // RFC 3161 §2.4.1 / RFC 5816: the ESS signing-certificate-v2 attribute names the TSA certificate.
        var essWriter = new AsnWriter(AsnEncodingRules.DER);
        using (essWriter.PushSequence())
        {
            using (essWriter.PushSequence())
            {
                using (essWriter.PushSequence())
                {
                    essWriter.WriteOctetString(SHA256.HashData(tsa.Certificate.RawData));
                }
            }
        }

        signer.SignedAttributes.Add(new AsnEncodedData("1.2.840.113549.1.9.16.2.47", essWriter.Encode()));
        foreach (var certificate in extraCertificates)
        {
            signer.Certificates.Add(certificate);
        }

        cms.ComputeSignature(signer);
        return cms.Encode();
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
