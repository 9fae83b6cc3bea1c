using System.Text.Json.Nodes;
using MediaTrust.Cbor;
using MediaTrust.IO;
using MediaTrust.Manifests;
using MediaTrust.Spec;

namespace MediaTrust.Assertions;

/// <summary>
/// An actions assertion (spec 2.2 §18.14): v1 (<c>c2pa.actions</c>) and v2 (<c>c2pa.actions.v2</c>) read. Both hold an
/// <c>actions</c> array; the fields validation needs are read per action (§15.10.3.2.2), leniently.
/// </summary>
/// <param name="Actions">The actions in order; null when the map has no <c>actions</c> array.</param>
internal sealed record ActionsAssertion(IReadOnlyList<ActionsAssertion.Action>? Actions)
{
    /// <summary>The first action of a new asset (§18.14.2).</summary>
    public const string Created = "c2pa.created";

    /// <summary>The first action of an asset opened from a parent ingredient (§18.14.2).</summary>
    public const string Opened = "c2pa.opened";

    /// <summary>An ingredient placed into the asset.</summary>
    public const string Placed = "c2pa.placed";

    /// <summary>An ingredient removed from the asset.</summary>
    public const string Removed = "c2pa.removed";

    /// <summary>A watermark inserted to create a soft binding (spec 2.4 §18.14.4); needs a soft binding assertion (§15.10.3.2.2).</summary>
    public const string WatermarkedBound = "c2pa.watermarked.bound";

    /// <summary>The deprecated form of <see cref="WatermarkedBound"/> (spec 2.4 §18.14.4); validated the same way.</summary>
    public const string Watermarked = "c2pa.watermarked";

    /// <summary>An assertion redacted (§15.10.2).</summary>
    public const string Redacted = "c2pa.redacted";

    /// <summary>Reads the assertion's content once (CBOR or JSON); later calls return the same record or throw the same error.</summary>
    /// <param name="assertion">An assertion whose label is an actions label.</param>
    /// <param name="decode">How to decode the content to a tree, when the caller keeps decoded trees already.</param>
    /// <exception cref="MalformedContentException">The content does not decode (<c>assertion.cbor.invalid</c> / <c>assertion.json.invalid</c>) or is not a map (<c>assertion.action.malformed</c>).</exception>
    public static ActionsAssertion Read(Assertion assertion, Func<Assertion, JsonNode?>? decode = null) =>
        assertion.ReadAs(a => From(decode is null ? a.DecodeData() : decode(a)));

    /// <summary>Reads an actions assertion of either version from its CBOR content.</summary>
    /// <exception cref="MalformedContentException">Invalid CBOR (<c>assertion.cbor.invalid</c>) or not a map (<c>assertion.action.malformed</c>).</exception>
    public static ActionsAssertion Read(ReadOnlyMemory<byte> cbor) => From(CborJson.Decode(cbor, ValidationStatusCodes.AssertionCborInvalid));

    private static ActionsAssertion From(JsonNode? content)
    {
        if (content is not JsonObject map)
        {
            throw new MalformedContentException("the actions assertion is not a map", ValidationStatusCodes.AssertionActionMalformed);
        }

        return new ActionsAssertion(map["actions"] is JsonArray actions ? [.. actions.Select(ReadAction)] : null);
    }

    private static Action ReadAction(JsonNode? node)
    {
        if (node is not JsonObject action)
        {
            return new Action(null, null, null);
        }

        var name = action["action"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        var parameters = action["parameters"] as JsonObject;

        // v2 names its ingredients in parameters.ingredients, v1 its one ingredient in parameters.ingredient.
        List<HashedUri>? ingredients = null;
        if (parameters?["ingredients"] is JsonArray array)
        {
            ingredients = [.. array.Select(Reference).OfType<HashedUri>()];
        }
        else if (parameters?["ingredient"] is { } single)
        {
            ingredients = Reference(single) is { } uri ? [uri] : [];
        }

        var redacted = parameters?["redacted"] is JsonValue r && r.TryGetValue<string>(out var url) ? url : null;
        return new Action(name, ingredients, redacted);
    }

    /// <summary>
    /// A hashed URI in an action's parameters. Early (2022) generators wrote the hash as an array of
    /// byte values rather than a byte string; it is the same hash, so it is read as one.
    /// </summary>
    private static HashedUri? Reference(JsonNode? node)
    {
        if (HashedUri.From(node) is not { } uri || uri.Hash.Length > 0 || node!["hash"] is not JsonArray values || values.Count > 64)
        {
            return HashedUri.From(node);
        }

        var hash = new byte[values.Count];
        for (var i = 0; i < hash.Length; i++)
        {
            if (values[i] is not JsonValue v || ByteOf(v) is not { } b)
            {
                return uri;
            }

            hash[i] = b;
        }

        return uri with { Hash = hash };
    }

    private static byte? ByteOf(JsonValue value) =>
        value.TryGetValue<long>(out var l) && l is >= 0 and <= 255 ? (byte)l
        : value.TryGetValue<ulong>(out var u) && u <= 255 ? (byte)u
        : value.TryGetValue<int>(out var i) && i is >= 0 and <= 255 ? (byte)i
        : null;

    /// <summary>One action (§18.14.3, <c>action-item</c>).</summary>
    /// <param name="Name">The <c>action</c> name; null when missing or when the item is not a map.</param>
    /// <param name="Ingredients">
    /// The hashed URIs among the ingredients the parameters name; null when the parameters have neither an
    /// <c>ingredients</c> (v2) nor an <c>ingredient</c> (v1) field.
    /// </param>
    /// <param name="RedactedUri">A <c>c2pa.redacted</c> action's <c>parameters.redacted</c> JUMBF URI.</param>
    internal sealed record Action(string? Name, IReadOnlyList<HashedUri>? Ingredients, string? RedactedUri);
}
