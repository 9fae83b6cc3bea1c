using System.Text.Json.Nodes;
using MediaTrust.Spec;

namespace MediaTrust.Assertions;

/// <summary>
/// A <c>c2pa.cloud-data</c> assertion (spec 2.2 §18.11): an assertion kept outside the manifest, named by its
/// <c>label</c> and found at <c>location</c>. Read for the rules of §15.10.3.2.1; nothing is fetched.
/// </summary>
/// <param name="Label">The <c>label</c> of the assertion it stands for, when it is text.</param>
/// <param name="MissingFields">The required fields (<see cref="RequiredFields"/>) that are absent or null, in that order.</param>
internal sealed record CloudDataAssertion(string? Label, IReadOnlyList<string> MissingFields)
{
    /// <summary>The fields a cloud-data assertion must have (§15.10.3.2.1, CDDL <c>cloud-data-map</c>).</summary>
    public static readonly IReadOnlyList<string> RequiredFields = ["label", "size", "location", "content_type"];

    /// <summary>Reads the assertion's content once (CBOR or JSON); later calls return the same record or throw the same error.</summary>
    /// <param name="assertion">A <c>c2pa.cloud-data</c> assertion.</param>
    /// <param name="decode">How to decode the content to a tree, when the caller keeps decoded trees already.</param>
    /// <exception cref="MalformedContentException">The content does not decode or is not a map (<c>assertion.cloud-data.malformed</c>).</exception>
    public static CloudDataAssertion Read(Assertion assertion, Func<Assertion, JsonNode?>? decode = null) =>
        assertion.ReadAs(a => From(decode is null ? a.DecodeData() : decode(a)));

    private static CloudDataAssertion From(JsonNode? content)
    {
        if (content is not JsonObject map)
        {
            throw new MalformedContentException("the cloud-data assertion is not a map", ValidationStatusCodes.AssertionCloudDataMalformed);
        }

        var label = map["label"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        return new CloudDataAssertion(label, [.. RequiredFields.Where(f => map[f] is null)]);
    }
}
