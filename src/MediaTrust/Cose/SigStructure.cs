using System.Formats.Cbor;

namespace MediaTrust.Cose;

/// <summary>
/// The COSE ToBeSigned bytes (RFC 9052 §4.4, the RFC 8152 §4.4 of the spec): the canonical CBOR
/// encoding of <c>Sig_structure = [context, body_protected, external_aad, payload]</c>. The caller
/// passes the protected header exactly as it sits in the COSE_Sign1 (the raw bstr content); it is
/// never re-encoded.
/// </summary>
internal static class SigStructure
{
    /// <summary>The context of a COSE_Sign1 signature.</summary>
    public const string Signature1Context = "Signature1";

    /// <summary>The context C2PA uses for the message imprint of every time-stamp (§10.3.2.5.3).</summary>
    public const string CounterSignatureContext = "CounterSignature";

    /// <summary>
    /// ToBeSigned of the claim signature (§10.3.2.4, §13.2.3): context "Signature1", empty
    /// external_aad, and the detached payload, which is the serialized claim.
    /// </summary>
    public static byte[] ForClaimSignature(ReadOnlySpan<byte> protectedHeader, ReadOnlySpan<byte> claimBytes) =>
        Encode(Signature1Context, protectedHeader, claimBytes);

    /// <summary>
    /// ToBeSigned whose hash is the message imprint of a time-stamp (§10.3.2.5.3): context
    /// "CounterSignature", the claim signature's protected header, empty external_aad, and
    /// <paramref name="payload"/>: for a v2 time-stamp (sigTst2) the COSE <c>signature</c> field as
    /// serialized, head included (§10.3.2.5.2); for a deprecated v1 time-stamp (sigTst) the claim bytes.
    /// </summary>
    public static byte[] ForTimeStamp(ReadOnlySpan<byte> protectedHeader, ReadOnlySpan<byte> payload) =>
        Encode(CounterSignatureContext, protectedHeader, payload);

    /// <summary>
    /// The COSE <c>signature</c> field as serialized (a bstr with its head): the payload of a v2 time-stamp
    /// (§10.3.2.5.2), needed by whoever writes a time-stamp and whoever checks one.
    /// </summary>
    public static byte[] SignatureField(ReadOnlySpan<byte> signature)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteByteString(signature);
        return writer.Encode();
    }

    private static byte[] Encode(string context, ReadOnlySpan<byte> protectedHeader, ReadOnlySpan<byte> payload)
    {
        // sign_protected is absent for Signature1 and, as C2PA uses it, for CounterSignature too.
        var writer = new CborWriter(CborConformanceMode.Canonical, convertIndefiniteLengthEncodings: false);
        writer.WriteStartArray(4);
        writer.WriteTextString(context);
        writer.WriteByteString(protectedHeader);
        writer.WriteByteString([]);
        writer.WriteByteString(payload);
        writer.WriteEndArray();
        return writer.Encode();
    }
}
