using System.Formats.Cbor;
using System.Text.Json.Nodes;
using MediaTrust.Cbor;
using MediaTrust.Jumbf;
using MediaTrust.Spec;

namespace MediaTrust.Manifests;

/// <summary>
/// A claim (spec 2.2 §10): v1 (<c>c2pa.claim</c>) or v2 (<c>c2pa.claim.v2</c>), with the fields of both CDDL maps
/// (<c>claim-map</c>, <c>claim-map-v2</c>) and <see cref="Raw"/>, the exact CBOR bytes from the claim box, which are the
/// detached COSE payload (§10.3.2.4) and are never re-encoded. Fields are read leniently (a field of the wrong type
/// reads as absent); which are required is checked by validation (§15.6) through <see cref="MissingRequiredField"/>.
/// This file is the one reader and writer of claim fields.
/// </summary>
/// <param name="Version">1 or 2, from the claim box label.</param>
/// <param name="Raw">The claim CBOR exactly as stored: the signed payload.</param>
/// <param name="InstanceId">The <c>instanceID</c>.</param>
/// <param name="Title">The <c>dc:title</c>.</param>
/// <param name="Format">The v1 <c>dc:format</c>.</param>
/// <param name="ClaimGenerator">The v1 User-Agent style <c>claim_generator</c> string.</param>
/// <param name="ClaimGeneratorInfo">The generator info maps as decoded (§10.2.2): v1 holds an array, v2 a single map.</param>
/// <param name="SignatureUri">The JUMBF URI of the claim signature (<c>signature</c>).</param>
/// <param name="Algorithm">The claim's default hash algorithm (<c>alg</c>, §13.1).</param>
/// <param name="SoftBindingAlgorithm">The claim's default soft binding algorithm <c>alg_soft</c> (spec 2.4 §10.2, §18.10.2), used by soft bindings without their own <c>alg</c>.</param>
/// <param name="Assertions">The v1 <c>assertions</c>.</param>
/// <param name="CreatedAssertions">The v2 <c>created_assertions</c>.</param>
/// <param name="GatheredAssertions">The v2 <c>gathered_assertions</c> (not attributed to the signer).</param>
/// <param name="RedactedAssertions">The JUMBF URIs of <c>redacted_assertions</c>.</param>
/// <param name="MissingRequiredField">The first required field the claim lacks, or null (§10.2, §15.6).</param>
/// <param name="Tree">The whole decoded map (byte strings hold <c>byte[]</c>), for the views that show a claim as it is.</param>
internal sealed record Claim(
    int Version,
    ReadOnlyMemory<byte> Raw,
    string? InstanceId,
    string? Title,
    string? Format,
    string? ClaimGenerator,
    IReadOnlyList<JsonObject> ClaimGeneratorInfo,
    string? SignatureUri,
    string? Algorithm,
    string? SoftBindingAlgorithm,
    IReadOnlyList<HashedUri> Assertions,
    IReadOnlyList<HashedUri> CreatedAssertions,
    IReadOnlyList<HashedUri> GatheredAssertions,
    IReadOnlyList<string> RedactedAssertions,
    string? MissingRequiredField,
    JsonObject Tree)
{
    /// <summary>Every assertion reference the claim makes: v1 assertions, or v2 created then gathered.</summary>
    public IReadOnlyList<HashedUri> AllAssertionReferences => Version == 1 ? Assertions : [.. CreatedAssertions, .. GatheredAssertions];

    /// <summary>Decodes a claim from the content of its <c>cbor</c> box.</summary>
    /// <exception cref="MalformedContentException">The CBOR is invalid or not a map (<c>claim.cbor.invalid</c>).</exception>
    public static Claim Decode(ReadOnlyMemory<byte> cbor, int version, string? location = null, long offset = 0)
    {
        var node = CborJson.Decode(cbor, ValidationStatusCodes.ClaimCborInvalid, location, offset);
        if (node is not JsonObject map)
        {
            throw new MalformedContentException("the claim is not a CBOR map", ValidationStatusCodes.ClaimCborInvalid, offset, location);
        }

        string? Text(string key) => map[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        IReadOnlyList<JsonObject> generatorInfo = map["claim_generator_info"] switch
        {
            JsonObject one => [one],
            JsonArray many => [.. many.OfType<JsonObject>()],
            _ => [],
        };
        IReadOnlyList<string> redacted = map["redacted_assertions"] is JsonArray array
            ? [.. array.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>()]
            : [];
        return new Claim(
            version,
            cbor,
            Text("instanceID"),
            Text("dc:title"),
            Text("dc:format"),
            Text("claim_generator"),
            generatorInfo,
            Text("signature"),
            Text("alg"),
            Text("alg_soft"),
            HashedUri.ListFrom(map["assertions"]),
            HashedUri.ListFrom(map["created_assertions"]),
            HashedUri.ListFrom(map["gathered_assertions"]),
            redacted,
            MissingField(map, version, generatorInfo),
            map);
    }

    /// <summary>Decodes the claim of a claim superbox (label <c>c2pa.claim</c> or <c>c2pa.claim.v2</c>).</summary>
    public static Claim Decode(JumbfBox claimBox)
    {
        var cbor = claimBox.FindContent(BoxTypes.Cbor)
            ?? throw new MalformedContentException("the claim box has no cbor content box", ValidationStatusCodes.ClaimCborInvalid, claimBox.Offset, claimBox.Path);
        var version = string.Equals(claimBox.Label, C2paBoxes.ClaimLabelV2, StringComparison.Ordinal) ? 2 : 1;
        return cbor.DecodeAt(location => Decode(cbor.Content, version, location, cbor.Offset + cbor.HeaderLength));
    }

    /// <summary>The first required field of a claim map that is absent or null (CDDL claim-map and claim-map-v2).</summary>
    private static string? MissingField(JsonObject map, int version, IReadOnlyList<JsonObject> generatorInfo)
    {
        string[] required = version == 2
            ? ["instanceID", "claim_generator_info", "signature", "created_assertions"]
            : ["claim_generator", "signature", "assertions", "dc:format", "instanceID"];
        foreach (var field in required)
        {
            if (map[field] is null)
            {
                return field;
            }
        }

        if (version == 2 && (generatorInfo.Count != 1 || generatorInfo[0]["name"] is null))
        {
            return "claim_generator_info.name";
        }

        return null;
    }

    /// <summary>
    /// Writes a v2 claim (CDDL <c>claim-map-v2</c>) with RFC 8949 §4.2.1 core deterministic encoding, as spec 2.2 §10.1
    /// requires: the bytes returned are the payload to sign and to store, unchanged.
    /// </summary>
    public static byte[] WriteV2(ClaimV2 claim)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        var fields = 5 + (claim.GatheredAssertions.Count > 0 ? 1 : 0) + (claim.Title is null ? 0 : 1);
        writer.WriteStartMap(fields);
        writer.WriteTextString("instanceID");
        writer.WriteTextString(claim.InstanceId);
        writer.WriteTextString("claim_generator_info");
        WriteGenerator(writer, claim.Generator);
        writer.WriteTextString("signature");
        writer.WriteTextString(claim.Signature);
        writer.WriteTextString("created_assertions");
        HashedUri.WriteList(writer, claim.CreatedAssertions);
        if (claim.GatheredAssertions.Count > 0)
        {
            writer.WriteTextString("gathered_assertions");
            HashedUri.WriteList(writer, claim.GatheredAssertions);
        }

        if (claim.Title is not null)
        {
            writer.WriteTextString("dc:title");
            writer.WriteTextString(claim.Title);
        }

        writer.WriteTextString("alg");
        writer.WriteTextString(claim.Algorithm);
        writer.WriteEndMap();
        return writer.Encode();
    }

    private static void WriteGenerator(CborWriter writer, ClaimV2.GeneratorInfo generator)
    {
        writer.WriteStartMap(1 + (generator.Version is null ? 0 : 1) + (generator.OperatingSystem is null ? 0 : 1));
        writer.WriteTextString("name");
        writer.WriteTextString(generator.Name);
        if (generator.Version is not null)
        {
            writer.WriteTextString("version");
            writer.WriteTextString(generator.Version);
        }

        if (generator.OperatingSystem is not null)
        {
            writer.WriteTextString("operating_system");
            writer.WriteTextString(generator.OperatingSystem);
        }

        writer.WriteEndMap();
    }
}

/// <summary>The fields of a v2 claim to write (spec 2.2 §10.2, CDDL <c>claim-map-v2</c>); see <see cref="Claim.WriteV2"/>.</summary>
internal sealed record ClaimV2
{
    /// <summary>The <c>instanceID</c>.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The one <c>claim_generator_info</c> map.</summary>
    public required GeneratorInfo Generator { get; init; }

    /// <summary>The <c>created_assertions</c>.</summary>
    public required IReadOnlyList<HashedUri> CreatedAssertions { get; init; }

    /// <summary>The <c>gathered_assertions</c>, written only when there are some.</summary>
    public IReadOnlyList<HashedUri> GatheredAssertions { get; init; } = [];

    /// <summary>The <c>dc:title</c>, written when set.</summary>
    public string? Title { get; init; }

    /// <summary>The hash algorithm of every hashed URI and data hash in the claim, unless they say otherwise.</summary>
    public string Algorithm { get; init; } = "sha256";

    /// <summary>The claim signature's URI, relative to the manifest.</summary>
    public string Signature { get; init; } = JumbfUri.Prefix + C2paBoxes.SignatureLabel;

    /// <summary>A <c>generator-info-map</c> (§10.2.2): name, and version and operating system when known.</summary>
    internal sealed record GeneratorInfo(string Name, string? Version, string? OperatingSystem);
}
