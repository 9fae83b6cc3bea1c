using System.Formats.Cbor;
using MediaTrust.Manifests;
using MediaTrust.Spec;

namespace MediaTrust.Signing;

/// <summary>The fields of a v2 claim (spec 2.2 §10.2, CDDL <c>claim-map-v2</c>).</summary>
internal sealed record ClaimV2
{
    public required string InstanceId { get; init; }

    public required ClaimGeneratorInfo Generator { get; init; }

    public required IReadOnlyList<HashedUri> CreatedAssertions { get; init; }

    public IReadOnlyList<HashedUri> GatheredAssertions { get; init; } = [];

    public string? Title { get; init; }

    /// <summary>The hash algorithm of every hashed URI and data hash in the claim, unless they say otherwise.</summary>
    public string Algorithm { get; init; } = "sha256";

    /// <summary>The claim signature's URI, relative to the manifest.</summary>
    public string Signature { get; init; } = JumbfUri.Prefix + C2paBoxes.SignatureLabel;
}

/// <summary>Encodes a v2 claim with RFC 8949 §4.2.1 core deterministic encoding, as spec 2.2 §10.1 requires.</summary>
internal static class ClaimV2Writer
{
    public static byte[] Encode(ClaimV2 claim)
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

    private static void WriteGenerator(CborWriter writer, ClaimGeneratorInfo generator)
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
