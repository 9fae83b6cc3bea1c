using System.Text.Json.Nodes;
using MediaTrust.Spec;

namespace MediaTrust.Assertions;

/// <summary>
/// A <c>c2pa.metadata</c> assertion (spec 2.2 §18.16, Appendix B): a JSON-LD map of metadata fields. Read for the
/// allow-list rule of §15.10.3.2.3; the values themselves are shown, not interpreted.
/// </summary>
/// <param name="Fields">The keys of the map in order, JSON-LD <c>@</c> keywords included.</param>
/// <param name="Context">The JSON-LD <c>@context</c> (§18.16.2), which says what namespace each prefix stands for.</param>
internal sealed record MetadataAssertion(IReadOnlyList<string> Fields, JsonNode? Context)
{
    /// <summary>Reads the assertion's content once (CBOR or JSON); later calls return the same record or throw the same error.</summary>
    /// <param name="assertion">A <c>c2pa.metadata</c> assertion.</param>
    /// <param name="decode">How to decode the content to a tree, when the caller keeps decoded trees already.</param>
    /// <exception cref="MalformedContentException">The content does not decode, or is not a map (<c>assertion.cbor.invalid</c> / <c>assertion.json.invalid</c>).</exception>
    public static MetadataAssertion Read(Assertion assertion, Func<Assertion, JsonNode?>? decode = null) =>
        assertion.ReadAs(a => From(decode is null ? a.DecodeData() : decode(a), a.Kind));

    private static MetadataAssertion From(JsonNode? content, AssertionKind kind) => content is JsonObject map
        ? new MetadataAssertion([.. map.Select(entry => entry.Key)], map["@context"])
        : throw new MalformedContentException("the metadata assertion is not a map",
            kind == AssertionKind.Json ? ValidationStatusCodes.AssertionJsonInvalid : ValidationStatusCodes.AssertionCborInvalid);

    /// <summary>The fields outside the allow-list of §15.10.3.2.3, judged by the namespace <see cref="Context"/> gives their prefix.</summary>
    public List<string> DisallowedFields() => MetadataAllowList.Disallowed(Fields, Context);
}
