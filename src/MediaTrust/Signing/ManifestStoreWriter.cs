using System.Security.Cryptography;
using MediaTrust.Jumbf;
using MediaTrust.Spec;

namespace MediaTrust.Signing;

/// <summary>
/// Lays out a manifest store in JUMBF (spec 2.2 §11.1): the store superbox, each manifest with its
/// assertion store, claim and claim signature. Every C2PA box is requestable and labelled.
/// </summary>
internal static class ManifestStoreWriter
{
    /// <summary>The superbox of one assertion (spec 2.2 §11.1.4.3).</summary>
    public static byte[] Assertion(PendingAssertion assertion) => assertion.Kind switch
    {
        AssertionContentKind.Cbor => JumbfWriter.SuperBox(JumbfTypes.Cbor, assertion.Label,
            [JumbfWriter.ContentBox(BoxTypes.Cbor, assertion.Payload.Span)]),
        AssertionContentKind.Json => JumbfWriter.SuperBox(JumbfTypes.Json, assertion.Label,
            [JumbfWriter.ContentBox(BoxTypes.Json, assertion.Payload.Span)]),
        AssertionContentKind.EmbeddedFile => JumbfWriter.SuperBox(JumbfTypes.EmbeddedFile, assertion.Label,
        [
            JumbfWriter.ContentBox(BoxTypes.EmbeddedFileDescription, EmbeddedFileDescription.Encode(assertion.MediaType ?? "application/octet-stream")),
            JumbfWriter.ContentBox(BoxTypes.EmbeddedFileData, assertion.Payload.Span),
        ]),
        _ => throw new ArgumentOutOfRangeException(nameof(assertion)),
    };

    /// <summary>
    /// The hash a hashed URI records for a box: over the superbox's contents (description and
    /// content boxes), without its own LBox/TBox header (spec 2.2 §8.4.2.3).
    /// </summary>
    public static byte[] HashOfBox(ReadOnlySpan<byte> superBox, HashAlgorithmName algorithm)
    {
        var header = superBox.Length >= 4 && superBox[3] == 1 && superBox[..3].IndexOfAnyExcept((byte)0) < 0 ? 16 : 8;
        return algorithm.Name switch
        {
            "SHA384" => SHA384.HashData(superBox[header..]),
            "SHA512" => SHA512.HashData(superBox[header..]),
            _ => SHA256.HashData(superBox[header..]),
        };
    }

    /// <summary>A standard manifest (<c>c2ma</c>) from its serialized assertion boxes, claim and COSE signature.</summary>
    public static byte[] Manifest(string label, IEnumerable<byte[]> assertionBoxes, ReadOnlySpan<byte> claim, ReadOnlySpan<byte> signature) =>
        Manifest(C2paBoxes.StandardManifest, label, assertionBoxes, claim, signature);

    /// <summary>A manifest of <paramref name="type"/> (<c>c2ma</c> or <c>c2um</c>, spec 2.2 §11.2) from its serialized assertion boxes, claim and COSE signature.</summary>
    public static byte[] Manifest(Guid type, string label, IEnumerable<byte[]> assertionBoxes, ReadOnlySpan<byte> claim, ReadOnlySpan<byte> signature) =>
        JumbfWriter.SuperBox(type, label,
        [
            JumbfWriter.SuperBox(C2paBoxes.AssertionStore, C2paBoxes.AssertionStoreLabel, assertionBoxes),
            JumbfWriter.SuperBox(C2paBoxes.Claim, C2paBoxes.ClaimLabelV2, [JumbfWriter.ContentBox(BoxTypes.Cbor, claim)]),
            JumbfWriter.SuperBox(C2paBoxes.ClaimSignature, C2paBoxes.SignatureLabel, [JumbfWriter.ContentBox(BoxTypes.Cbor, signature)]),
        ]);

    /// <summary>The manifest store (<c>c2pa</c>) holding already serialized manifests, the active one last (spec 2.2 §15.5.1).</summary>
    public static byte[] Store(IEnumerable<byte[]> manifests) =>
        JumbfWriter.SuperBox(C2paBoxes.ManifestStore, C2paBoxes.StoreLabel, manifests);
}
