using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace MediaTrust.Pki;

/// <summary>
/// An RFC 3161 TimeStampToken: a CMS SignedData (RFC 5652 §5) whose content is a TSTInfo, decoded with
/// the raw bytes of every part kept. Its signature is checked over the token's own signed-attribute
/// bytes, and its certificates come from <see cref="CertificateLoader"/>'s process-wide cache.
/// </summary>
/// <remarks>
/// Not <c>SignedCms</c>: it decodes every certificate of a token into a new native object each time one
/// is asked for, which made it most of the cost of validating a manifest, and it cannot verify Ed25519.
/// </remarks>
internal sealed class TimeStampToken
{
    public const string SignedDataOid = "1.2.840.113549.1.7.2";
    public const string TstInfoOid = "1.2.840.113549.1.9.16.1.4";

    private const string ContentTypeAttributeOid = "1.2.840.113549.1.9.3";
    private const string MessageDigestAttributeOid = "1.2.840.113549.1.9.4";
    private const string SigningCertificateOid = "1.2.840.113549.1.9.16.2.12";
    private const string SigningCertificateV2Oid = "1.2.840.113549.1.9.16.2.47";

    /// <summary>A token names at most this many certificates; more is not a token anyone issues.</summary>
    private const int MaxCertificates = 32;

    private static readonly Asn1Tag Context0 = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag Context1 = new(TagClass.ContextSpecific, 1, isConstructed: true);

    private TimeStampToken()
    {
    }

    /// <summary>The encapsulated content type (TSTInfo for a time-stamp).</summary>
    public string ContentType { get; private set; } = string.Empty;

    /// <summary>The encapsulated content: the DER TSTInfo.</summary>
    public ReadOnlyMemory<byte> Content { get; private set; }

    /// <summary>The DER of each X.509 certificate in the token (other certificate choices are skipped).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Certificates { get; private set; } = [];

    /// <summary>How many SignerInfos the token has; a time-stamp has exactly one (RFC 3161 §2.4.2).</summary>
    public int SignerCount { get; private set; }

    /// <summary>The first signer's digest algorithm OID.</summary>
    public string DigestAlgorithm { get; private set; } = string.Empty;

    /// <summary>The first signer's signature algorithm OID.</summary>
    public string SignatureAlgorithm { get; private set; } = string.Empty;

    private ReadOnlyMemory<byte> SignatureParameters { get; set; }

    private byte[] Signature { get; set; } = [];

    /// <summary>The whole signedAttrs element as it is in the token, [0] tag included; empty when absent.</summary>
    private ReadOnlyMemory<byte> SignedAttributes { get; set; }

    private ReadOnlyMemory<byte> SignerIssuer { get; set; }

    private ReadOnlyMemory<byte> SignerSerial { get; set; }

    private ReadOnlyMemory<byte> SignerKeyIdentifier { get; set; }

    /// <summary>Decodes a ContentInfo holding SignedData. Throws <see cref="AsnContentException"/> when it is not one.</summary>
    public static TimeStampToken Decode(ReadOnlyMemory<byte> encoded)
    {
        // BER, the superset: SignedCms accepted BER tokens, and some TSAs emit indefinite lengths.
        var outer = new AsnReader(encoded, AsnEncodingRules.BER);
        var contentInfo = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        var contentType = contentInfo.ReadObjectIdentifier();
        if (contentType != SignedDataOid)
        {
            throw new AsnContentException($"the token's content type is {contentType}, not CMS SignedData");
        }

        var signedData = contentInfo.ReadSequence(Context0).ReadSequence();
        var token = new TimeStampToken();
        _ = signedData.ReadEncodedValue(); // version
        _ = signedData.ReadSetOf();        // digestAlgorithms: the SignerInfo names the one it used

        var encapsulated = signedData.ReadSequence();
        token.ContentType = encapsulated.ReadObjectIdentifier();
        if (encapsulated.HasData)
        {
            token.Content = encapsulated.ReadSequence(Context0).ReadOctetString();
        }

        var certificates = new List<ReadOnlyMemory<byte>>();
        if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(Context0))
        {
            var set = signedData.ReadSetOf(Context0);
            while (set.HasData)
            {
                var tag = set.PeekTag();
                var choice = set.ReadEncodedValue();
                if (tag.HasSameClassAndValue(Asn1Tag.Sequence) && certificates.Count < MaxCertificates)
                {
                    certificates.Add(choice);
                }
            }
        }

        token.Certificates = certificates;
        if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(Context1))
        {
            _ = signedData.ReadEncodedValue(); // crls: revocation of the TSA is not read from the token
        }

        var signerInfos = signedData.ReadSetOf();
        while (signerInfos.HasData)
        {
            var signerInfo = signerInfos.ReadSequence();
            if (token.SignerCount++ == 0)
            {
                token.ReadSignerInfo(signerInfo);
            }
        }

        return token;
    }

    /// <summary>The token's certificate that its SignerInfo names (RFC 5652 §5.3 sid), or null.</summary>
    public X509Certificate2? FindSignerCertificate(IEnumerable<X509Certificate2> candidates)
    {
        foreach (var candidate in candidates)
        {
            if (!SignerKeyIdentifier.IsEmpty)
            {
                var ski = candidate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault();
                if (ski is not null && ski.SubjectKeyIdentifierBytes.Span.SequenceEqual(SignerKeyIdentifier.Span))
                {
                    return candidate;
                }
            }
            else if (candidate.IssuerName.RawData.AsSpan().SequenceEqual(SignerIssuer.Span)
                && candidate.SerialNumberBytes.Span.SequenceEqual(SignerSerial.Span))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Checks the SignerInfo (RFC 5652 §5.4, §5.6, §11; RFC 3161 §2.4.1 with RFC 5816): the signed
    /// attributes name the content type and the digest of the content, the ESS signing-certificate
    /// attribute (when present) names <paramref name="signer"/>, and the signature over the signed
    /// attributes verifies with its key. Returns null when it holds, else what failed.
    /// </summary>
    public string? VerifySignature(X509Certificate2 signer, HashAlgorithmName digest)
    {
        if (SignedAttributes.IsEmpty)
        {
            // §5.3: signedAttrs MUST be present when the content type is not id-data.
            return "the token's SignerInfo has no signed attributes";
        }

        string? contentTypeAttribute = null;
        ReadOnlyMemory<byte>? messageDigest = null;
        var attributes = new AsnReader(SignedAttributes, AsnEncodingRules.BER).ReadSetOf(Context0);
        while (attributes.HasData)
        {
            var attribute = attributes.ReadSequence();
            var type = attribute.ReadObjectIdentifier();
            var values = attribute.ReadSetOf();
            switch (type)
            {
                case ContentTypeAttributeOid:
                    contentTypeAttribute = values.ReadObjectIdentifier();
                    break;
                case MessageDigestAttributeOid:
                    messageDigest = values.ReadOctetString();
                    break;
                case SigningCertificateOid or SigningCertificateV2Oid:
                    if (!NamesCertificate(values.ReadSequence(), type == SigningCertificateV2Oid, signer))
                    {
                        return "the token's signing-certificate attribute names another certificate than the one that signed it";
                    }

                    break;
            }
        }

        if (contentTypeAttribute != ContentType)
        {
            return $"the token's content-type attribute ({contentTypeAttribute ?? "missing"}) is not its content type ({ContentType})";
        }

        if (messageDigest is not { } stated || !stated.Span.SequenceEqual(CryptographicOperations.HashData(digest, Content.Span)))
        {
            return "the token's message-digest attribute does not match its TSTInfo";
        }

        // §5.4: the signature is over the DER of the attributes with the SET OF tag in place of [0] IMPLICIT.
        var signed = SignedAttributes.ToArray();
        signed[0] = 0x31;
        var algorithm = CertificateSignatureAlgorithm(SignatureAlgorithm, DigestAlgorithm);
        return CertificateSignature.VerifyData(signed, algorithm, SignatureParameters, Signature, signer) switch
        {
            true => null,
            false => "the token's signature does not verify with the TSA certificate's key",
            null => $"the token's signature algorithm {SignatureAlgorithm} is not supported",
        };
    }

    private void ReadSignerInfo(AsnReader signerInfo)
    {
        _ = signerInfo.ReadEncodedValue(); // version
        if (signerInfo.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            SignerKeyIdentifier = signerInfo.ReadOctetString(new Asn1Tag(TagClass.ContextSpecific, 0));
        }
        else
        {
            var issuerAndSerial = signerInfo.ReadSequence();
            SignerIssuer = issuerAndSerial.ReadEncodedValue();
            SignerSerial = issuerAndSerial.ReadIntegerBytes();
        }

        DigestAlgorithm = signerInfo.ReadSequence().ReadObjectIdentifier();
        if (signerInfo.PeekTag().HasSameClassAndValue(Context0))
        {
            SignedAttributes = signerInfo.ReadEncodedValue();
        }

        var signatureAlgorithm = signerInfo.ReadSequence();
        SignatureAlgorithm = signatureAlgorithm.ReadObjectIdentifier();
        SignatureParameters = signatureAlgorithm.HasData ? signatureAlgorithm.ReadEncodedValue() : ReadOnlyMemory<byte>.Empty;
        Signature = signerInfo.ReadOctetString();
    }

    /// <summary>
    /// RFC 2634 §5.4 SigningCertificate / RFC 5035 SigningCertificateV2: the first ESSCertID is the
    /// signer's; its hash is SHA-1 (v1) or the named algorithm, SHA-256 by default (v2).
    /// </summary>
    private static bool NamesCertificate(AsnReader signingCertificate, bool v2, X509Certificate2 signer)
    {
        var certificates = signingCertificate.ReadSequence();
        if (!certificates.HasData)
        {
            return false;
        }

        var essCertId = certificates.ReadSequence();
        var hash = HashAlgorithmName.SHA1;
        if (v2)
        {
            hash = HashAlgorithmName.SHA256;
            if (essCertId.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                hash = essCertId.ReadSequence().ReadObjectIdentifier() switch
                {
                    "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
                    "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
                    "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
                    var other => throw new AsnContentException($"the signing-certificate attribute uses hash {other}"),
                };
            }
        }

        return essCertId.ReadOctetString().AsSpan().SequenceEqual(CryptographicOperations.HashData(hash, signer.RawDataMemory.Span));
    }

    /// <summary>
    /// CMS names PKCS#1 v1.5 and ECDSA signatures by the key's algorithm with the digest beside it; the
    /// X.509 signature algorithm of that pair is what <see cref="CertificateSignature.VerifyData"/> takes.
    /// </summary>
    private static string CertificateSignatureAlgorithm(string signatureAlgorithm, string digestAlgorithm) => (signatureAlgorithm, digestAlgorithm) switch
    {
        (SignatureVerifier.RsaEncryptionOid, "2.16.840.1.101.3.4.2.1") => "1.2.840.113549.1.1.11",
        (SignatureVerifier.RsaEncryptionOid, "2.16.840.1.101.3.4.2.2") => "1.2.840.113549.1.1.12",
        (SignatureVerifier.RsaEncryptionOid, "2.16.840.1.101.3.4.2.3") => "1.2.840.113549.1.1.13",
        (SignatureVerifier.EcPublicKeyOid, "2.16.840.1.101.3.4.2.1") => "1.2.840.10045.4.3.2",
        (SignatureVerifier.EcPublicKeyOid, "2.16.840.1.101.3.4.2.2") => "1.2.840.10045.4.3.3",
        (SignatureVerifier.EcPublicKeyOid, "2.16.840.1.101.3.4.2.3") => "1.2.840.10045.4.3.4",
        _ => signatureAlgorithm,
    };

    /// <summary>
    /// The genTime of a time-stamp as a C2PA header holds it: sigTst2 a TimeStampToken, v1 sigTst a whole
    /// TimeStampResp (spec 2.2 §10.3.2.5). Read, not verified; null when it does not parse.
    /// </summary>
    public static DateTimeOffset? TryReadGenTime(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            // v2 holds a TimeStampToken, v1 a TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken OPTIONAL }
            // (RFC 3161 §2.4.2); some writers put a TimeStampResp in sigTst2 too, so both are tried.
            var reader = new AsnReader(bytes, AsnEncodingRules.BER);
            var outer = reader.ReadSequence();
            if (outer.PeekTag().TagValue == (int)UniversalTagNumber.ObjectIdentifier)
            {
                return GenTime(bytes);
            }

            outer.ReadEncodedValue();
            return outer.HasData ? GenTime(outer.ReadEncodedValue()) : null;
        }
        catch (AsnContentException)
        {
            return null;
        }
    }

    /// <summary>
    /// genTime of a TimeStampToken (CMS ContentInfo → SignedData → encapContentInfo → TSTInfo), read
    /// structurally: tokens .NET's strict decoder refuses (e.g. an empty digestAlgorithms set) still show
    /// their time, and the token's certificates are not decoded again (validation has done that; decoding
    /// and freeing them was a tenth of reading a signed JPEG).
    /// </summary>
    private static DateTimeOffset? GenTime(ReadOnlyMemory<byte> token)
    {
        var contentInfo = new AsnReader(token, AsnEncodingRules.BER).ReadSequence();
        contentInfo.ReadObjectIdentifier();
        var signedData = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
        signedData.ReadInteger();
        signedData.ReadSetOf();
        var encapsulated = signedData.ReadSequence();
        encapsulated.ReadObjectIdentifier();
        var content = encapsulated.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
        var tstInfo = content.ReadOctetString();
        return Rfc3161TimestampTokenInfo.TryDecode(tstInfo, out var info, out _) ? info.Timestamp : null;
    }
}
