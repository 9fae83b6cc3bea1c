using System.Formats.Cbor;
using System.Text.Json.Nodes;
using MediaTrust.Cbor;
using MediaTrust.IO;
using MediaTrust.Manifests;
using MediaTrust.Spec;

namespace MediaTrust.Assertions;

/// <summary>
/// An ingredient assertion (spec 2.2 §18.15): v1 (<c>c2pa.ingredient</c>) and v2 read, v3 read and written. v3 names
/// the ingredient's manifest <c>activeManifest</c> and adds <c>claimSignature</c>; v1/v2 call it <c>c2pa_manifest</c>.
/// Fields are read leniently (a field of the wrong type reads as absent); what is required is checked by validation.
/// </summary>
/// <param name="Title">The v2/v3 <c>dc:title</c>.</param>
/// <param name="LegacyTitle">A <c>title</c> field, which some 1.x writers used instead of <c>dc:title</c>.</param>
/// <param name="Format">The <c>dc:format</c> media type.</param>
/// <param name="DocumentId">The <c>documentID</c>.</param>
/// <param name="InstanceId">The <c>instanceID</c>.</param>
/// <param name="Relationship">The <c>relationship</c> as written (parentOf, componentOf, inputTo), null when absent.</param>
/// <param name="ActiveManifest">The ingredient's manifest: v3 <c>activeManifest</c>, else v1/v2 <c>c2pa_manifest</c>.</param>
/// <param name="ClaimSignature">The v3 <c>claimSignature</c>.</param>
/// <param name="Thumbnail">The <c>thumbnail</c> assertion's hashed URI.</param>
/// <param name="ValidationResults">The recorded <c>validationResults</c> (§15.2.1) as decoded, for display only (byte strings hold <c>byte[]</c>).</param>
internal sealed record IngredientAssertion(
    string? Title,
    string? LegacyTitle,
    string? Format,
    string? DocumentId,
    string? InstanceId,
    string? Relationship,
    HashedUri? ActiveManifest,
    HashedUri? ClaimSignature,
    HashedUri? Thumbnail,
    JsonNode? ValidationResults)
{
    /// <summary>The relationship of an ingredient a parent asset was opened from (§18.15.3).</summary>
    public const string ParentOf = "parentOf";

    /// <summary>The relationship a reader assumes when none is given (§18.15.3: the default is componentOf).</summary>
    public const string ComponentOf = "componentOf";

    /// <summary>The relationship of an ingredient used as an input to create the asset (§18.15.3).</summary>
    public const string InputTo = "inputTo";

    /// <summary>The title to name the ingredient by: <c>dc:title</c>, else the legacy <c>title</c>.</summary>
    public string? DisplayTitle => Title ?? LegacyTitle;

    /// <summary>Reads the assertion's content once (CBOR or JSON); later calls return the same record or throw the same error.</summary>
    /// <param name="assertion">An assertion whose label is an ingredient label.</param>
    /// <param name="decode">How to decode the content to a tree, when the caller keeps decoded trees already.</param>
    /// <exception cref="MalformedContentException">The content does not decode (<c>assertion.cbor.invalid</c> / <c>assertion.json.invalid</c>) or is not a map (<c>assertion.ingredient.malformed</c>).</exception>
    public static IngredientAssertion Read(Assertion assertion, Func<Assertion, JsonNode?>? decode = null) =>
        assertion.ReadAs(a => From(decode is null ? a.DecodeData() : decode(a)));

    /// <summary>Reads an ingredient assertion of any version from its CBOR content.</summary>
    /// <exception cref="MalformedContentException">Invalid CBOR (<c>assertion.cbor.invalid</c>) or not a map (<c>assertion.ingredient.malformed</c>).</exception>
    public static IngredientAssertion Read(ReadOnlyMemory<byte> cbor) => From(CborJson.Decode(cbor, ValidationStatusCodes.AssertionCborInvalid));

    private static IngredientAssertion From(JsonNode? content)
    {
        if (content is not JsonObject map)
        {
            throw new MalformedContentException("the ingredient assertion is not a map", ValidationStatusCodes.AssertionIngredientMalformed);
        }

        string? Text(string key) => map[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        return new IngredientAssertion(
            Text("dc:title"),
            Text("title"),
            Text("dc:format"),
            Text("documentID"),
            Text("instanceID"),
            Text("relationship"),
            HashedUri.From(map["activeManifest"]) ?? HashedUri.From(map["c2pa_manifest"]),
            HashedUri.From(map["claimSignature"]),
            HashedUri.From(map["thumbnail"]),
            map["validationResults"]);
    }

    /// <summary>
    /// Writes a <c>c2pa.ingredient.v3</c> assertion (§18.15.4, CDDL <c>ingredient-map-v3</c>) with core deterministic
    /// encoding (§10.1): title, format and relationship always; <c>activeManifest</c>, <c>claimSignature</c> and
    /// <c>validationResults</c> for an ingredient with a manifest. <see cref="ValidationResults"/> is not used:
    /// <paramref name="validationResults"/> is the encoded <c>validation-results-map</c> to record.
    /// </summary>
    public byte[] WriteV3(byte[]? validationResults)
    {
        var hasManifest = ActiveManifest is not null;
        if (hasManifest && (ClaimSignature is null || validationResults is null))
        {
            throw new InvalidOperationException("a v3 ingredient with an active manifest records its claim signature and validation results (spec 2.2 §18.15.4)");
        }

        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(3 + (hasManifest ? 3 : 0) + (Thumbnail is null ? 0 : 1) + (InstanceId is null ? 0 : 1));
        writer.WriteTextString("dc:title");
        writer.WriteTextString(Title ?? string.Empty);
        writer.WriteTextString("dc:format");
        writer.WriteTextString(Format ?? string.Empty);
        writer.WriteTextString("relationship");
        writer.WriteTextString(Relationship ?? ComponentOf);
        if (InstanceId is not null)
        {
            writer.WriteTextString("instanceID");
            writer.WriteTextString(InstanceId);
        }

        if (hasManifest)
        {
            writer.WriteTextString("activeManifest");
            ActiveManifest!.Write(writer);
            writer.WriteTextString("claimSignature");
            ClaimSignature!.Write(writer);
            writer.WriteTextString("validationResults");
            writer.WriteEncodedValue(validationResults);
        }

        if (Thumbnail is not null)
        {
            writer.WriteTextString("thumbnail");
            Thumbnail.Write(writer);
        }

        writer.WriteEndMap();
        return writer.Encode();
    }
}
