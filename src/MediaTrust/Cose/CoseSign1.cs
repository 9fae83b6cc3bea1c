using System.Formats.Cbor;
using MediaTrust.Cbor;
using MediaTrust.IO;
using MediaTrust.Spec;

namespace MediaTrust.Cose;

/// <summary>
/// A decoded <c>COSE_Sign1_Tagged</c> (RFC 9052 §4.2; C2PA profile spec 2.2 §13.2, §10.3.2.5, §14.5):
/// <c>18([protected: bstr, unprotected: map, payload: bstr / nil, signature: bstr])</c>. Keeps the raw
/// protected-header bytes and the signature field as encoded, which the Sig_structure and the v2
/// time-stamp imprint are computed over; nothing is re-encoded. Decoding only, no verification.
/// </summary>
internal sealed partial class CoseSign1
{
    /// <summary>The CBOR tag of COSE_Sign1.</summary>
    public const ulong Tag = 18;

    private CoseSign1()
    {
    }

    /// <summary>The protected header bucket as encoded (the bstr contents, without the bstr head).</summary>
    public ReadOnlyMemory<byte> ProtectedBytes { get; private set; }

    /// <summary>The protected <c>alg</c> (label 1), a COSE algorithm identifier, e.g. -7 (ES256).</summary>
    public int? Algorithm { get; private set; }

    /// <summary>The x5chain certificates as DER, leaf first (label 33, or the deprecated "x5chain"; spec 2.2 §14.2.1).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> CertificateChain { get; private set; } = [];

    /// <summary>Whether the chain came from the unprotected bucket.</summary>
    public bool CertificateChainIsUnprotected { get; private set; }

    /// <summary>Whether x5chain appeared in both buckets (spec 2.2 §14.2.1: multiple credentials are rejected).</summary>
    public bool CertificateChainInBothBuckets { get; private set; }

    /// <summary>The protected content type (label 3), as text or number.</summary>
    public string? ContentType { get; private set; }

    /// <summary>The time-stamp tokens of <c>sigTst2</c> (DER TimeStampToken) or <c>sigTst</c> (DER TimeStampResp).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> TimeStampTokens { get; private set; } = [];

    /// <summary>True when <see cref="TimeStampTokens"/> came from <c>sigTst2</c> (v2, spec 2.2 §10.3.2.5).</summary>
    public bool TimeStampsAreV2 { get; private set; }

    /// <summary>Stapled OCSP responses from <c>rVals.ocspVals</c> (spec 2.2 §14.5.2).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> OcspResponses { get; private set; } = [];

    /// <summary>The protected <c>iat</c>, claimed time of signing as a NumericDate (spec 2.2 §13.2.4).</summary>
    public long? IssuedAt { get; private set; }

    /// <summary>The payload; null when detached (C2PA signs the claim detached).</summary>
    public ReadOnlyMemory<byte>? Payload { get; private set; }

    /// <summary>The signature bytes.</summary>
    public ReadOnlyMemory<byte> Signature { get; private set; }

    /// <summary>The signature field as encoded, bstr head included: the sigTst2 Sig_structure payload (spec 2.2 §10.3.2.5).</summary>
    public ReadOnlyMemory<byte> SignatureFieldEncoded { get; private set; }

    /// <summary>The unprotected <c>pad</c> length in bytes, when present.</summary>
    public int? PadLength { get; private set; }

    /// <summary>The unprotected <c>pad2</c> length in bytes, when present.</summary>
    public int? Pad2Length { get; private set; }

    /// <summary>The whole COSE_Sign1_Tagged as read.</summary>
    public ReadOnlyMemory<byte> Raw { get; private set; }

    /// <summary>Decodes COSE_Sign1_Tagged (an untagged COSE_Sign1 is accepted too).</summary>
    /// <exception cref="MalformedContentException">The bytes are not a COSE_Sign1 (<c>claimSignature.mismatch</c>).</exception>
    public static CoseSign1 Decode(ReadOnlyMemory<byte> cose, string? location = null, long offset = 0)
    {
        var reader = new CborReader(cose, CborConformanceMode.Lax);
        try
        {
            var result = new CoseSign1 { Raw = cose };
            if (reader.PeekState() == CborReaderState.Tag)
            {
                var tag = (ulong)reader.ReadTag();
                if (tag != Tag)
                {
                    throw Fail($"CBOR tag {tag} is not COSE_Sign1 (18)", reader, cose, location, offset);
                }
            }

            var count = reader.ReadStartArray();
            if (count != 4)
            {
                throw Fail($"COSE_Sign1 has {count?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "an indefinite number of"} elements, 4 expected", reader, cose, location, offset);
            }

            var protectedBytes = reader.ReadByteString();
            result.ProtectedBytes = protectedBytes.Length == 0
                ? ReadOnlyMemory<byte>.Empty
                : cose.Slice(cose.Length - reader.BytesRemaining - protectedBytes.Length, protectedBytes.Length);
            if (protectedBytes.Length > 0)
            {
                var header = new CborReader(result.ProtectedBytes, CborConformanceMode.Lax);
                result.ReadHeaderMap(header, isProtected: true);
                if (header.BytesRemaining != 0)
                {
                    throw Fail("bytes follow the protected header map", reader, cose, location, offset);
                }
            }

            result.ReadHeaderMap(reader, isProtected: false);
            if (reader.PeekState() == CborReaderState.Null)
            {
                reader.ReadNull();
            }
            else
            {
                result.Payload = ReadBytesSlice(reader, cose);
            }

            var signatureStart = cose.Length - reader.BytesRemaining;
            result.Signature = ReadBytesSlice(reader, cose);
            result.SignatureFieldEncoded = cose[signatureStart..(cose.Length - reader.BytesRemaining)];
            reader.ReadEndArray();
            if (reader.BytesRemaining != 0)
            {
                throw Fail($"{reader.BytesRemaining} bytes follow the COSE_Sign1 structure", reader, cose, location, offset);
            }

            return result;
        }
        catch (Exception e) when (CborErrors.IsMalformed(e))
        {
            throw new MalformedContentException(
                $"invalid COSE_Sign1: {e.Message}", ValidationStatusCodes.ClaimSignatureMismatch, offset + cose.Length - reader.BytesRemaining, location, e);
        }
    }

    private static MalformedContentException Fail(string message, CborReader reader, ReadOnlyMemory<byte> cose, string? location, long offset)
        => new($"invalid COSE_Sign1: {message}", ValidationStatusCodes.ClaimSignatureMismatch, offset + cose.Length - reader.BytesRemaining, location);

    /// <summary>Reads a definite bstr and returns it as a slice of the input (no copy).</summary>
    private static ReadOnlyMemory<byte> ReadBytesSlice(CborReader reader, ReadOnlyMemory<byte> source)
    {
        if (reader.PeekState() != CborReaderState.ByteString)
        {
            return reader.ReadByteString(); // Indefinite-length: concatenated copy.
        }

        var value = reader.ReadByteString();
        var end = source.Length - reader.BytesRemaining;
        return source[(end - value.Length)..end];
    }
}
