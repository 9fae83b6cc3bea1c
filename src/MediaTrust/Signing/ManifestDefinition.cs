using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MediaTrust.Signing;

/// <summary>
/// What a new manifest should say, in the JSON form c2patool reads (<c>-m manifest.json</c>), so
/// existing definitions work unchanged. Hard bindings, the claim and the signature are not part of
/// it: the signer computes them.
/// </summary>
public sealed record ManifestDefinition
{
    /// <summary>The software that makes the claim (spec 2.2 §10.2.2); a v2 claim records the first entry.</summary>
    [JsonPropertyName("claim_generator_info")]
    // An absent member reads as empty, not null: the source-generated reader passes null for a missing init-only member
    // (it does not run the initializer), so the setter restores the default.
    public IReadOnlyList<ClaimGeneratorInfo> ClaimGeneratorInfo { get; init => field = value ?? []; } = [];

    /// <summary>The asset's name (<c>dc:title</c>).</summary>
    [JsonPropertyName("title")]
    public string? Title { get; init; }

    /// <summary>
    /// The asset's media type, accepted for c2patool compatibility. A v2 claim has no <c>dc:format</c> (spec 2.2 §10.2),
    /// so nothing is written from it: the signed asset's format is the one detected from its bytes.
    /// </summary>
    [JsonPropertyName("format")]
    public string? Format { get; init; }

    /// <summary>The asset's instance ID; when absent, a new <c>xmp:iid:</c> UUID.</summary>
    [JsonPropertyName("instance_id")]
    public string? InstanceId { get; init; }

    /// <summary>A claim-generator identifier for the manifest label, <c>urn:c2pa:UUID:VENDOR</c> (spec 2.2 §8.1).</summary>
    [JsonPropertyName("vendor")]
    public string? Vendor { get; init; }

    /// <summary>The manifest label; when absent, a new <c>urn:c2pa:</c> URN.</summary>
    [JsonPropertyName("label")]
    public string? Label { get; init; }

    /// <summary>Assertions to add, in order.</summary>
    [JsonPropertyName("assertions")]
    // An absent member reads as empty, not null: the source-generated reader passes null for a missing init-only member
    // (it does not run the initializer), so the setter restores the default.
    public IReadOnlyList<AssertionDefinition> Assertions { get; init => field = value ?? []; } = [];

    /// <summary>The claim thumbnail: a resource identifier (a file path relative to the definition) and its media type.</summary>
    [JsonPropertyName("thumbnail")]
    public ResourceReference? Thumbnail { get; init; }

    /// <summary>Ingredients read from files (c2patool's <c>ingredient_paths</c>, with a relationship each).</summary>
    [JsonPropertyName("ingredients")]
    // An absent member reads as empty, not null: the source-generated reader passes null for a missing init-only member
    // (it does not run the initializer), so the setter restores the default.
    public IReadOnlyList<IngredientFile> Ingredients { get; init => field = value ?? []; } = [];

    /// <summary>
    /// (MediaTrust) Soft binding algorithms to compute from the asset's pixels (<c>pdq</c>, <c>iscc</c> or their <c>alg</c>
    /// names), as <see cref="ManifestBuilder.SoftBindings"/>; c2patool has no such field.
    /// </summary>
    [JsonPropertyName("soft_bindings")]
    public IReadOnlyList<string> SoftBindings { get; init => field = value ?? []; } = [];

    /// <summary>
    /// (MediaTrust) X.509 identities to add as CAWG identity assertions, as <see cref="ManifestBuilder.Identities"/>;
    /// c2patool configures its one CAWG signer in its settings instead.
    /// </summary>
    [JsonPropertyName("identities")]
    public IReadOnlyList<IdentityDefinition> Identities { get; init => field = value ?? []; } = [];

    /// <summary>Reads a definition from c2patool-style JSON.</summary>
    /// <exception cref="JsonException">The JSON does not describe a manifest.</exception>
    public static ManifestDefinition FromJson(string json) =>
        JsonSerializer.Deserialize(json, ManifestDefinitionJsonContext.Default.ManifestDefinition)
        ?? throw new JsonException("the manifest definition is empty");
}

/// <summary>
/// Source-generated (de)serialization metadata for <see cref="ManifestDefinition"/>, so reading a definition needs no
/// reflection and works in a trimmed or Native AOT build (docs/cli.md, "Native executable").
/// </summary>
[JsonSourceGenerationOptions(AllowTrailingCommas = true, ReadCommentHandling = JsonCommentHandling.Skip, MaxDepth = 64)]
[JsonSerializable(typeof(ManifestDefinition))]
internal sealed partial class ManifestDefinitionJsonContext : JsonSerializerContext;

/// <summary>One claim generator (spec 2.2 §10.2.2, <c>generator-info-map</c>).</summary>
public sealed record ClaimGeneratorInfo
{
    /// <summary>The generator's name (required by spec 2.2 §10.2.2).</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The generator's version, when given.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; init; }

    /// <summary>The operating system it runs on, when given.</summary>
    [JsonPropertyName("operating_system")]
    public string? OperatingSystem { get; init; }
}

/// <summary>An assertion in a manifest definition.</summary>
public sealed record AssertionDefinition
{
    /// <summary>The assertion label, e.g. <c>c2pa.actions.v2</c>.</summary>
    [JsonPropertyName("label")]
    public required string Label { get; init; }

    /// <summary>The assertion's content.</summary>
    [JsonPropertyName("data")]
    public JsonNode? Data { get; init; }

    /// <summary><c>Cbor</c> (the default) or <c>Json</c> for JSON-LD assertions such as <c>stds.schema-org.CreativeWork</c>.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    /// <summary>
    /// Whether the signer vouches for it (claim v2 <c>created_assertions</c>) or merely gathered it
    /// (<c>gathered_assertions</c>, spec 2.2 §10.2.3). Null: decided by label, as c2pa-rs does.
    /// </summary>
    [JsonPropertyName("created")]
    public bool? Created { get; init; }
}

/// <summary>A resource (thumbnail, icon) named in a definition.</summary>
public sealed record ResourceReference
{
    /// <summary>The resource's media type, e.g. <c>image/jpeg</c>.</summary>
    [JsonPropertyName("format")]
    public required string Format { get; init; }

    /// <summary>The resource file, relative to the definition's folder.</summary>
    [JsonPropertyName("identifier")]
    public required string Identifier { get; init; }
}

/// <summary>
/// An X.509 identity in a definition (CAWG identity 1.3, "X.509 certificates and COSE signatures"): the credential
/// holder's key and certificate chain, as files relative to the definition, like the claim signer's.
/// </summary>
public sealed record IdentityDefinition
{
    /// <summary>The identity's PEM private key (PKCS#8), relative to the definition's folder.</summary>
    [JsonPropertyName("private_key")]
    public required string PrivateKey { get; init; }

    /// <summary>The identity's PEM certificate chain, signer first, no root, relative to the definition's folder.</summary>
    [JsonPropertyName("sign_cert")]
    public required string SignCert { get; init; }

    /// <summary>es256, es384, es512, ps256, ps384, ps512 or ed25519; by default, from the key.</summary>
    [JsonPropertyName("alg")]
    public string? Algorithm { get; init; }

    /// <summary>The named actor's roles, e.g. <c>cawg.creator</c> (1.3, "Named actor roles").</summary>
    [JsonPropertyName("roles")]
    public IReadOnlyList<string> Roles { get; init => field = value ?? []; } = [];
}
