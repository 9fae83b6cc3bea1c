using System.Formats.Cbor;

namespace MediaTrust.Cose;

/// <summary>The unprotected header of a claim signature (§10.3.2.5, §14.5.2); everything optional.</summary>
internal sealed record CoseUnprotectedHeader
{
    /// <summary>DER TimeStampTokens for <c>sigTst2</c> (v2, the only kind a generator may write).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> TimeStampTokensV2 { get; init; } = [];

    /// <summary>DER TimeStampResps for the deprecated <c>sigTst</c> (v1); only for tests of validators.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> TimeStampResponsesV1 { get; init; } = [];

    /// <summary>DER OCSPResponses stapled in <c>rVals</c>.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> OcspResponses { get; init; } = [];
}

/// <summary>
/// Writes COSE_Sign1_Tagged claim signatures (RFC 9052 §4.2, C2PA §13.2, §14.5): protected
/// <c>{1: alg, 33: x5chain}</c> (x5chain a bstr for one certificate, an array otherwise, leaf first,
/// no root), a detached (nil) payload, and optional time-stamp, OCSP and zero padding in the
/// unprotected header. Padding lets a signature fill a slot reserved before signing exactly.
/// </summary>
internal static class CoseSign1Writer
{
    private const int CoseSign1Tag = 18;
    private const int AlgorithmLabel = 1;
    private const int X5ChainLabel = 33;

    /// <summary>The serialized protected header <c>{1: alg, 33: x5chain}</c> (canonical CBOR).</summary>
    public static byte[] EncodeProtectedHeader(SigningAlgorithm algorithm, IReadOnlyList<ReadOnlyMemory<byte>> certificateChainDer, long? issuedAt = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(certificateChainDer.Count, nameof(certificateChainDer));
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(issuedAt is null ? 2 : 3);
        writer.WriteInt32(AlgorithmLabel);
        writer.WriteInt32((int)algorithm);
        if (issuedAt is { } iat)
        {
            // iat (RFC 9597 label 6): NumericDate without tag 1 (§13.2.4).
            writer.WriteInt32(6);
            writer.WriteInt64(iat);
        }

        writer.WriteInt32(X5ChainLabel);
        if (certificateChainDer.Count == 1)
        {
            writer.WriteByteString(certificateChainDer[0].Span);
        }
        else
        {
            writer.WriteStartArray(certificateChainDer.Count);
            foreach (var certificate in certificateChainDer)
            {
                writer.WriteByteString(certificate.Span);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>
    /// Encodes COSE_Sign1_Tagged = 18([protected, unprotected, nil, signature]). With
    /// <paramref name="targetSize"/>, adds a zero-filled <c>pad</c> (and if one cannot hit the size
    /// exactly, <c>pad2</c>) so the encoding is exactly that many bytes.
    /// </summary>
    /// <exception cref="ArgumentException">The signature does not fit in <paramref name="targetSize"/> bytes.</exception>
    public static byte[] Encode(ReadOnlySpan<byte> protectedHeader, CoseUnprotectedHeader unprotectedHeader,
        ReadOnlySpan<byte> signature, int? targetSize = null)
    {
        var unpadded = Encode(protectedHeader, unprotectedHeader, signature, -1, -1);
        if (targetSize is not { } target || unpadded.Length == target)
        {
            return unpadded;
        }

        // "pad" (4 bytes of key) plus a bstr head (1–5 bytes) adds at least 5 bytes; a pad2 adds 6 more.
        var gap = target - unpadded.Length;
        if (gap < 5)
        {
            throw new ArgumentException($"the signature needs {unpadded.Length} bytes; it cannot be padded to {target}", nameof(targetSize));
        }

        foreach (var pad2 in (ReadOnlySpan<int>)[-1, 0])
        {
            for (var headSize = 1; headSize <= 5; headSize++)
            {
                var padLength = gap - 4 - headSize - (pad2 < 0 ? 0 : 6);
                if (padLength < 0)
                {
                    continue;
                }

                var candidate = Encode(protectedHeader, unprotectedHeader, signature, padLength, pad2);
                if (candidate.Length == target)
                {
                    return candidate;
                }
            }
        }

        throw new ArgumentException($"cannot pad the signature of {unpadded.Length} bytes to exactly {target}", nameof(targetSize));
    }

    private static byte[] Encode(ReadOnlySpan<byte> protectedHeader, CoseUnprotectedHeader header,
        ReadOnlySpan<byte> signature, int padLength, int pad2Length)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteTag((CborTag)CoseSign1Tag);
        writer.WriteStartArray(4);
        writer.WriteByteString(protectedHeader);

        var count = (header.TimeStampTokensV2.Count > 0 ? 1 : 0) + (header.TimeStampResponsesV1.Count > 0 ? 1 : 0)
            + (header.OcspResponses.Count > 0 ? 1 : 0) + (padLength >= 0 ? 1 : 0) + (pad2Length >= 0 ? 1 : 0);
        writer.WriteStartMap(count);
        if (header.TimeStampTokensV2.Count > 0)
        {
            WriteTokens(writer, "sigTst2", header.TimeStampTokensV2);
        }

        if (header.TimeStampResponsesV1.Count > 0)
        {
            WriteTokens(writer, "sigTst", header.TimeStampResponsesV1);
        }

        if (header.OcspResponses.Count > 0)
        {
            writer.WriteTextString("rVals");
            writer.WriteStartMap(1);
            writer.WriteTextString("ocspVals");
            writer.WriteStartArray(header.OcspResponses.Count);
            foreach (var response in header.OcspResponses)
            {
                writer.WriteByteString(response.Span);
            }

            writer.WriteEndArray();
            writer.WriteEndMap();
        }

        if (padLength >= 0)
        {
            writer.WriteTextString("pad");
            writer.WriteByteString(new byte[padLength]);
        }

        if (pad2Length >= 0)
        {
            writer.WriteTextString("pad2");
            writer.WriteByteString(new byte[pad2Length]);
        }

        writer.WriteEndMap();
        writer.WriteNull();
        writer.WriteByteString(signature);
        writer.WriteEndArray();
        return writer.Encode();
    }

    private static void WriteTokens(CborWriter writer, string label, IReadOnlyList<ReadOnlyMemory<byte>> tokens)
    {
        writer.WriteTextString(label);
        writer.WriteStartMap(1);
        writer.WriteTextString("tstTokens");
        writer.WriteStartArray(tokens.Count);
        foreach (var token in tokens)
        {
            writer.WriteStartMap(1);
            writer.WriteTextString("val");
            writer.WriteByteString(token.Span);
            writer.WriteEndMap();
        }

        writer.WriteEndArray();
        writer.WriteEndMap();
    }
}
