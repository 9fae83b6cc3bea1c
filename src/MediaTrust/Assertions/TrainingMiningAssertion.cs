using System.Formats.Cbor;
using System.Text.Json.Nodes;

namespace MediaTrust.Assertions;

/// <summary>One entry of a training-and-data-mining assertion: a use (e.g. <c>cawg.ai_generative_training</c>) and whether it is allowed.</summary>
/// <param name="Use">The entry's key, e.g. <c>cawg.data_mining</c>, <c>cawg.ai_inference</c>, <c>cawg.ai_training</c>, <c>cawg.ai_generative_training</c>.</param>
/// <param name="Permission"><c>allowed</c>, <c>notAllowed</c> or <c>constrained</c>.</param>
/// <param name="ConstraintInfo">For <c>constrained</c>: how to obtain permission (free text, often a URL).</param>
internal sealed record TrainingMiningEntry(string Use, string Permission, string? ConstraintInfo);

/// <summary>
/// A <c>cawg.training-mining</c> assertion (CAWG training and data mining assertion 1.x; earlier
/// <c>c2pa.training-mining</c>): the owner's preferences about AI training, inference and data mining of the asset.
/// Read from the decoded CBOR or JSON; written as CBOR.
/// </summary>
internal sealed record TrainingMiningAssertion(IReadOnlyList<TrainingMiningEntry> Entries)
{
    /// <summary>The permissions an entry may state.</summary>
    public static readonly IReadOnlySet<string> Permissions = new HashSet<string>(["allowed", "notAllowed", "constrained"], StringComparer.Ordinal);

    /// <summary>Reads the assertion from its decoded content; null with why when <c>entries</c> is not a map of use → {use}.</summary>
    public static TrainingMiningAssertion? TryRead(JsonNode? content, out string? problem)
    {
        if (content is not JsonObject map || map["entries"] is not JsonObject entries)
        {
            problem = "has no entries map";
            return null;
        }

        var list = new List<TrainingMiningEntry>(entries.Count);
        foreach (var (use, value) in entries)
        {
            if (value is not JsonObject entry || entry["use"] is not JsonValue permission || !permission.TryGetValue<string>(out var text))
            {
                problem = $"has an entry {use} without a use";
                return null;
            }

            var constraint = entry["constraint_info"] is JsonValue c && c.TryGetValue<string>(out var info) ? info : null;
            list.Add(new TrainingMiningEntry(use, text, constraint));
        }

        problem = null;
        return new TrainingMiningAssertion(list);
    }

    /// <summary>Writes <c>{entries: {use: {use, constraint_info?}}}</c> with core deterministic encoding.</summary>
    public byte[] Write()
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(1);
        writer.WriteTextString("entries");
        writer.WriteStartMap(Entries.Count);
        foreach (var entry in Entries.OrderBy(e => e.Use.Length).ThenBy(e => e.Use, StringComparer.Ordinal))
        {
            writer.WriteTextString(entry.Use);
            writer.WriteStartMap(entry.ConstraintInfo is null ? 1 : 2);
            writer.WriteTextString("use");
            writer.WriteTextString(entry.Permission);
            if (entry.ConstraintInfo is { } info)
            {
                writer.WriteTextString("constraint_info");
                writer.WriteTextString(info);
            }

            writer.WriteEndMap();
        }

        writer.WriteEndMap();
        writer.WriteEndMap();
        return writer.Encode();
    }
}
