using System.Text.Json.Nodes;

namespace MediaTrust;

/// <summary>One manifest of a store, as a library user reads it (the shape of c2pa-rs's Reader JSON).</summary>
public sealed class ReaderManifest
{
    internal ReaderManifest()
    {
    }

    /// <summary>The manifest label (a URN).</summary>
    public required string Label { get; init; }

    /// <summary>1 for <c>c2pa.claim</c>, 2 for <c>c2pa.claim.v2</c>.</summary>
    public int ClaimVersion { get; init; }

    /// <summary>Whether this is an update manifest (spec 2.2 §11.2.3).</summary>
    public bool IsUpdate { get; init; }

    /// <summary>
    /// Whether the manifest box has the JUMBF type <c>c2md</c>: a standard manifest to C2PA (2.2 §11.2.2), a Trust
    /// Declaration to JPEG Trust (ISO/IEC 21617-1 §4.4.4).
    /// </summary>
    public bool IsTrustDeclaration { get; init; }

    /// <summary>The v1 User-Agent style generator string.</summary>
    public string? ClaimGenerator { get; init; }

    /// <summary>The claim generator info maps (one in v2).</summary>
    public IReadOnlyList<JsonObject> ClaimGeneratorInfo { get; init; } = [];

    /// <summary>The claim's <c>dc:title</c>, when it has one.</summary>
    public string? Title { get; init; }

    /// <summary>The v1 <c>dc:format</c> media type.</summary>
    public string? Format { get; init; }

    /// <summary>The claim's <c>instanceID</c> (an XMP instance ID of the asset as signed).</summary>
    public string? InstanceId { get; init; }

    /// <summary>The claim thumbnail, when there is one.</summary>
    public ReaderResourceRef? Thumbnail { get; init; }

    /// <summary>The ingredients, in assertion order.</summary>
    public IReadOnlyList<ReaderIngredient> Ingredients { get; init; } = [];

    /// <summary>Assertions other than hard bindings, ingredients and thumbnails (as c2pa-rs lists them).</summary>
    public IReadOnlyList<ReaderAssertion> Assertions { get; init; } = [];

    /// <summary>Who signed and when, as read from the signature; not a verdict.</summary>
    public ReaderSignatureInfo? SignatureInfo { get; init; }
}

/// <summary>An assertion: its label and decoded content.</summary>
public sealed class ReaderAssertion
{
    internal ReaderAssertion()
    {
    }

    /// <summary>The label without its instance suffix.</summary>
    public required string Label { get; init; }

    /// <summary>The CBOR or JSON content as JSON (byte strings as base64).</summary>
    public JsonNode? Data { get; init; }

    /// <summary>"Json" for JSON assertions, null for CBOR (as c2pa-rs prints it).</summary>
    public string? Kind { get; init; }

    /// <summary>The instance number from a <c>__N</c> label suffix, when greater than 0.</summary>
    public int? Instance { get; init; }
}

/// <summary>An ingredient assertion as a library user reads it.</summary>
public sealed class ReaderIngredient
{
    internal ReaderIngredient()
    {
    }

    /// <summary>The ingredient's <c>dc:title</c> (a legacy <c>title</c> is not shown here).</summary>
    public string? Title { get; init; }

    /// <summary>The ingredient's media type (<c>dc:format</c>).</summary>
    public string? Format { get; init; }

    /// <summary>The ingredient's <c>documentID</c>, when recorded.</summary>
    public string? DocumentId { get; init; }

    /// <summary>The ingredient's <c>instanceID</c>, when recorded.</summary>
    public string? InstanceId { get; init; }

    /// <summary><c>parentOf</c>, <c>componentOf</c> or <c>inputTo</c>.</summary>
    public string? Relationship { get; init; }

    /// <summary>The label of the ingredient's manifest in this store, when it has one.</summary>
    public string? ActiveManifest { get; init; }

    /// <summary>The ingredient's thumbnail, when it has one.</summary>
    public ReaderResourceRef? Thumbnail { get; init; }

    /// <summary>The validation results recorded in the ingredient assertion (what its signer saw; not computed here).</summary>
    public JsonNode? ValidationResults { get; init; }

    /// <summary>The ingredient assertion label, e.g. <c>c2pa.ingredient.v3</c>.</summary>
    public required string Label { get; init; }
}

/// <summary>A resource (thumbnail, icon) stored in the manifest store.</summary>
/// <param name="Format">Its media type.</param>
/// <param name="Identifier">Its absolute JUMBF URI.</param>
public sealed record ReaderResourceRef(string Format, string Identifier);

/// <summary>Signer and time as read from the claim signature. Not verified: no trust or validity is implied.</summary>
public sealed class ReaderSignatureInfo
{
    internal ReaderSignatureInfo()
    {
    }

    /// <summary>The algorithm as c2pa-rs names it, e.g. <c>Es256</c>, <c>Ps256</c>, <c>Ed25519</c>.</summary>
    public string? Algorithm { get; init; }

    /// <summary>The organization (O) of the signer certificate subject (what c2pa-rs labels <c>issuer</c>).</summary>
    public string? Issuer { get; init; }

    /// <summary>The common name (CN) of the signer certificate's subject.</summary>
    public string? CommonName { get; init; }

    /// <summary>The signer certificate serial number, in decimal.</summary>
    public string? CertSerialNumber { get; init; }

    /// <summary>The time-stamp token's genTime, when the signature carries a time-stamp (not verified).</summary>
    public DateTimeOffset? Time { get; init; }
}
