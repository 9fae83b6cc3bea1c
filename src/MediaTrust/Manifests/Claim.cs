using System.Text.Json.Nodes;
using MediaTrust.Cbor;
using MediaTrust.Jumbf;
using MediaTrust.Spec;

namespace MediaTrust.Manifests;

/// <summary>
/// A decoded claim (spec 2.2 §10): v1 (<c>c2pa.claim</c>) or v2 (<c>c2pa.claim.v2</c>). <see cref="Raw"/>
/// keeps the exact CBOR bytes from the claim box, which are the detached COSE payload (§10.3.2.4).
/// Fields are read leniently; required-field checks belong to validation (§15.6).
/// </summary>
internal sealed class Claim
{
    private Claim(JsonObject map, ReadOnlyMemory<byte> raw, int version)
    {
        Map = map;
        Raw = raw;
        Version = version;
    }

    /// <summary>1 or 2, from the claim box label.</summary>
    public int Version { get; }

    /// <summary>The claim CBOR exactly as stored: the signed payload.</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    /// <summary>The whole decoded claim map (bstr values hold <c>byte[]</c>).</summary>
    public JsonObject Map { get; }

    public string? InstanceId => Text("instanceID");

    public string? Title => Text("dc:title");

    /// <summary>The v1 <c>dc:format</c>.</summary>
    public string? Format => Text("dc:format");

    /// <summary>The v1 User-Agent style <c>claim_generator</c> string.</summary>
    public string? ClaimGenerator => Text("claim_generator");

    /// <summary>The generator info maps: v1 holds an array, v2 a single map (§10.2).</summary>
    public IReadOnlyList<JsonObject> ClaimGeneratorInfo => Map["claim_generator_info"] switch
    {
        JsonObject one => [one],
        JsonArray many => [.. many.OfType<JsonObject>()],
        _ => [],
    };

    /// <summary>The JUMBF URI of the claim signature.</summary>
    public string? SignatureUri => Text("signature");

    /// <summary>The claim's default hash algorithm (§13.1).</summary>
    public string? Algorithm => Text("alg");

    /// <summary>v1 <c>assertions</c>.</summary>
    public IReadOnlyList<HashedUri> Assertions => HashedUri.ListFrom(Map["assertions"]);

    /// <summary>v2 <c>created_assertions</c>.</summary>
    public IReadOnlyList<HashedUri> CreatedAssertions => HashedUri.ListFrom(Map["created_assertions"]);

    /// <summary>v2 <c>gathered_assertions</c> (not attributed to the signer).</summary>
    public IReadOnlyList<HashedUri> GatheredAssertions => HashedUri.ListFrom(Map["gathered_assertions"]);

    /// <summary>Every assertion reference the claim makes: v1 assertions, or v2 created then gathered.</summary>
    public IReadOnlyList<HashedUri> AllAssertionReferences => Version == 1 ? Assertions : [.. CreatedAssertions, .. GatheredAssertions];

    /// <summary>JUMBF URIs of redacted assertions.</summary>
    public IReadOnlyList<string> RedactedAssertions => Map["redacted_assertions"] is JsonArray array
        ? [.. array.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>()]
        : [];

    /// <summary>Decodes a claim from the content of its <c>cbor</c> box.</summary>
    /// <exception cref="MalformedContentException">The CBOR is invalid or not a map (<c>claim.cbor.invalid</c>).</exception>
    public static Claim Decode(ReadOnlyMemory<byte> cbor, int version, string? location = null, long offset = 0)
    {
        var node = CborJson.Decode(cbor, ValidationStatusCodes.ClaimCborInvalid, location, offset);
        if (node is not JsonObject map)
        {
            throw new MalformedContentException("the claim is not a CBOR map", ValidationStatusCodes.ClaimCborInvalid, offset, location);
        }

        return new Claim(map, cbor, version);
    }

    /// <summary>Decodes the claim of a claim superbox (label <c>c2pa.claim</c> or <c>c2pa.claim.v2</c>).</summary>
    public static Claim Decode(JumbfBox claimBox)
    {
        var cbor = claimBox.FindContent(BoxTypes.Cbor)
            ?? throw new MalformedContentException("the claim box has no cbor content box", ValidationStatusCodes.ClaimCborInvalid, claimBox.Offset, claimBox.Path);
        var version = string.Equals(claimBox.Label, C2paBoxes.ClaimLabelV2, StringComparison.Ordinal) ? 2 : 1;
        return cbor.DecodeAt(location => Decode(cbor.Content, version, location, cbor.Offset + cbor.HeaderLength));
    }

    /// <summary>The first required field the claim lacks, or null (spec 2.2 §10.2, §15.6; CDDL claim-map and claim-map-v2).</summary>
    public string? MissingRequiredField()
    {
        string[] required = Version == 2
            ? ["instanceID", "claim_generator_info", "signature", "created_assertions"]
            : ["claim_generator", "signature", "assertions", "dc:format", "instanceID"];
        foreach (var field in required)
        {
            if (Map[field] is null)
            {
                return field;
            }
        }

        if (Version == 2 && (ClaimGeneratorInfo.Count != 1 || ClaimGeneratorInfo[0]["name"] is null))
        {
            return "claim_generator_info.name";
        }

        return null;
    }

    private string? Text(string key) => Map[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
