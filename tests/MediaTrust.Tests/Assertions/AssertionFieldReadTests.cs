using System.Text.RegularExpressions;
using MediaTrust.Testing;

namespace MediaTrust.Assertions;

/// <summary>
/// Assertion fields are read by the typed records of <c>src/MediaTrust/Assertions/</c>, never by string key elsewhere
/// (issue #10): a field read twice is a rule written twice. The claim's fields are read by <c>Manifests/Claim.cs</c>
/// and the hashed-URI map by <c>Manifests/HashedUri.cs</c>. Writing a key (an output view's <c>json["key"] = …</c>)
/// is not reading one; code outside the core library reads only the public JSON views; keys that are also view, profile or box vocabulary (<c>label</c>, <c>url</c>, <c>@context</c>, the BMFF merkle box's
/// <c>location</c>) are left out.
/// </summary>
public sealed partial class AssertionFieldReadTests
{
    /// <summary>Field names of the assertion maps (spec 2.2 §18) and the claim map (§10.2) that name nothing else here.</summary>
    private static readonly string[] FieldKeys =
    [
        // ingredient-map v1–v3 (§18.15)
        "dc:title", "dc:format", "documentID", "instanceID", "relationship", "activeManifest", "c2pa_manifest", "claimSignature",
        // actions-map v1/v2 (§18.14)
        "actions", "action", "parameters", "ingredients", "ingredient", "redacted", "softwareAgent", "digitalSourceType",
        // hash maps (§18.5–18.9), cloud data (§18.11), metadata (§18.16), time-stamp (§18.17), certificate status (§18.18)
        "exclusions", "pad", "content_type", "ocspVals",
        // claim-map and claim-map-v2 (§10.2)
        "claim_generator", "claim_generator_info", "created_assertions", "gathered_assertions", "redacted_assertions",
    ];

    /// <summary>Files that are the one reader of a structure the keys belong to.</summary>
    private static readonly string[] Owners =
    [
        Path.Combine("MediaTrust", "Assertions") + Path.DirectorySeparatorChar,
        Path.Combine("MediaTrust", "Manifests", "Claim.cs"),
        Path.Combine("MediaTrust", "Manifests", "HashedUri.cs"),
        Path.Combine("MediaTrust", "Cose") + Path.DirectorySeparatorChar, // COSE header labels (ocspVals), not an assertion
    ];

    [Fact]
    public void No_assertion_field_is_read_by_string_key_outside_its_record()
    {
        var src = SourceTree.Src;
        var offenders = new List<string>();
        foreach (var file in SourceTree.CSharpFiles())
        {
            var relative = Path.GetRelativePath(src, file);

            // Only the core library decodes assertion CBOR. The other projects (the server, TrustProfiles, the CLI) see
            // assertions only through the public JSON views, whose keys are a published contract (c2pa-rs Reader JSON,
            // crJSON), so reading a view's "actions" there is reading the view, not the assertion a second time.
            if (!relative.StartsWith("MediaTrust" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            if (Owners.Any(owner => relative.StartsWith(owner, StringComparison.Ordinal)))
            {
                continue;
            }

            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (Match match in KeyRead().Matches(lines[i]))
                {
                    var key = match.Groups["key"].Value;
                    if (FieldKeys.Contains(key, StringComparer.Ordinal))
                    {
                        offenders.Add($"{relative}:{i + 1}: reads \"{key}\"");
                    }
                }
            }
        }

        Assert.True(offenders.Count == 0, "read assertion and claim fields through their records in src/MediaTrust/Assertions/ (and Claim):\n" + string.Join('\n', offenders));
    }

    /// <summary>
    /// A key in a read position: an indexer not assigned to (<c>map["k"] is …</c>, <c>map["k"]?.…</c>), a lookup
    /// (<c>TryGetValue("k"</c>, <c>ContainsKey("k"</c>, <c>GetProperty("k"</c>), a comparison with a read key
    /// (<c>== "k"</c>), a <c>case "k":</c> of a field switch, or the first of a list of keys (<c>["k", …]</c>).
    /// </summary>
    [GeneratedRegex("""\["(?<key>[^"]+)"\](?!\s*=[^=])|(?:TryGetValue|TryGetPropertyValue|ContainsKey|GetProperty|Remove)\("(?<key>[^"]+)"|==\s*"(?<key>[^"]+)"|case\s+"(?<key>[^"]+)"|\[\s*"(?<key>[^"]+)"\s*,""")]
    private static partial Regex KeyRead();
}
