using System.Buffers.Binary;

namespace MediaTrust.Spec;

/// <summary>
/// The JUMBF superboxes C2PA defines (spec 2.2 §11.1): their type UUIDs and their labels. A C2PA type
/// UUID is a 4CC followed by the ISO suffix <c>-0011-0010-8000-00AA00389B71</c>, written here as the spec
/// writes it (e.g. <c>63326D61-0011-0010-8000-00AA00389B71</c> for <c>c2ma</c>).
/// </summary>
internal static class C2paBoxes
{
    /// <summary>The manifest store superbox, <c>c2pa</c>.</summary>
    public static readonly Guid ManifestStore = new("63327061-0011-0010-8000-00AA00389B71");

    /// <summary>A standard manifest, <c>c2ma</c>.</summary>
    public static readonly Guid StandardManifest = new("63326D61-0011-0010-8000-00AA00389B71");

    /// <summary>The old standard-manifest type <c>c2md</c>, which consumers still accept and generators must not write.</summary>
    public static readonly Guid StandardManifestAlternate = new("63326D64-0011-0010-8000-00AA00389B71");

    /// <summary>An update manifest, <c>c2um</c>.</summary>
    public static readonly Guid UpdateManifest = new("6332756D-0011-0010-8000-00AA00389B71");

    /// <summary>A Brotli-compressed manifest, <c>c2cm</c>.</summary>
    public static readonly Guid CompressedManifest = new("6332636D-0011-0010-8000-00AA00389B71");

    /// <summary>The assertion store, <c>c2as</c>.</summary>
    public static readonly Guid AssertionStore = new("63326173-0011-0010-8000-00AA00389B71");

    /// <summary>The claim, <c>c2cl</c>.</summary>
    public static readonly Guid Claim = new("6332636C-0011-0010-8000-00AA00389B71");

    /// <summary>The claim signature, <c>c2cs</c>.</summary>
    public static readonly Guid ClaimSignature = new("63326373-0011-0010-8000-00AA00389B71");

    /// <summary>The W3C verifiable credential store, <c>c2vc</c>.</summary>
    public static readonly Guid CredentialStore = new("63327663-0011-0010-8000-00AA00389B71");

    /// <summary>The data box store, <c>c2db</c>.</summary>
    public static readonly Guid DataBoxStore = new("63326462-0011-0010-8000-00AA00389B71");

    /// <summary>
    /// The first four bytes of <see cref="ManifestStore"/> (<c>c2pa</c>) as a big-endian integer, for
    /// container sniffing that looks only at the start of the type UUID.
    /// </summary>
    public static readonly uint ManifestStoreFourCC = FourCCOf(ManifestStore);

    /// <summary>The box type (TBox) of the C2PA salt box in a JUMBF description's private field, <c>c2sh</c> (spec 2.2 §8.4.2.3).</summary>
    public const uint Salt = 0x63327368;

    /// <summary>The label of the manifest store superbox.</summary>
    public const string StoreLabel = "c2pa";

    /// <summary>The label of a manifest's assertion store.</summary>
    public const string AssertionStoreLabel = "c2pa.assertions";

    /// <summary>The v1 claim box label.</summary>
    public const string ClaimLabelV1 = "c2pa.claim";

    /// <summary>The v2 claim box label.</summary>
    public const string ClaimLabelV2 = "c2pa.claim.v2";

    /// <summary>The claim signature box label.</summary>
    public const string SignatureLabel = "c2pa.signature";

    /// <summary>The label of a manifest's W3C verifiable credential store.</summary>
    public const string CredentialStoreLabel = "c2pa.credentials";

    /// <summary>
    /// The name a box-hash entry gives the box (segment, chunk, font table) that carries the manifest store,
    /// <c>C2PA</c> (spec 2.2 §18.7); formats name that box so, and box hashes leave it out.
    /// </summary>
    public const string BoxHashManifestName = "C2PA";

    /// <summary>The extended type of C2PA <c>uuid</c> boxes in ISO BMFF (spec 2.2 §A.5.3).</summary>
    public static ReadOnlySpan<byte> BmffUuid => [0xD8, 0xFE, 0xC3, 0xD6, 0x1B, 0x0E, 0x48, 0x3C, 0x92, 0x97, 0x58, 0x28, 0x87, 0x7E, 0xC4, 0x81];

    private static uint FourCCOf(Guid type)
    {
        Span<byte> bytes = stackalloc byte[16];
        type.TryWriteBytes(bytes, bigEndian: true, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }
}
