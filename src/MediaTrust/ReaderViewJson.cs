using System.Text.Json.Nodes;
using MediaTrust.Json;

namespace MediaTrust;

/// <summary>
/// The public views as c2pa-rs's Reader JSON writes them, and the <see cref="StoreView"/> the JSON views render:
/// the facade hands the views data, so <c>MediaTrust.Json</c> never depends on <see cref="Reader"/>.
/// </summary>
internal static class ReaderViewJson
{
    /// <summary>The store, the report and every manifest's decoded view, ready for the JSON views.</summary>
    public static StoreView StoreView(Reader reader) => new(reader.Store, reader.Validation, [.. reader.Manifests.Select(manifest => new ManifestView(
        manifest.Label,
        Manifest(manifest),
        manifest.SignatureInfo is { } signature ? Signature(signature) : null,
        [.. manifest.Ingredients.Where(i => i.ActiveManifest is not null).Select(i => new IngredientTarget(i.Label, i.ActiveManifest!))]))]);

    public static JsonObject Manifest(ReaderManifest manifest)
    {
        var json = new JsonObject();
        Add(json, "claim_generator", manifest.ClaimGenerator);
        if (manifest.ClaimGeneratorInfo.Count > 0)
        {
            json["claim_generator_info"] = new JsonArray([.. manifest.ClaimGeneratorInfo.Select(i => i.DeepClone())]);
        }

        Add(json, "title", manifest.Title);
        Add(json, "format", manifest.Format);
        Add(json, "instance_id", manifest.InstanceId);
        if (manifest.Thumbnail is { } thumbnail)
        {
            json["thumbnail"] = Resource(thumbnail);
        }

        if (manifest.Ingredients.Count > 0)
        {
            json["ingredients"] = new JsonArray([.. manifest.Ingredients.Select(Ingredient)]);
        }

        if (manifest.Assertions.Count > 0)
        {
            json["assertions"] = new JsonArray([.. manifest.Assertions.Select(Assertion)]);
        }

        if (manifest.SignatureInfo is { } signature)
        {
            json["signature_info"] = Signature(signature);
        }

        json["label"] = manifest.Label;
        json["claim_version"] = manifest.ClaimVersion;
        return json;
    }

    private static JsonObject Assertion(ReaderAssertion assertion)
    {
        var json = new JsonObject { ["label"] = assertion.Label, ["data"] = assertion.Data?.DeepClone() };
        Add(json, "kind", assertion.Kind);
        if (assertion.Instance is { } instance)
        {
            json["instance"] = instance;
        }

        return json;
    }

    private static JsonObject Ingredient(ReaderIngredient ingredient)
    {
        var json = new JsonObject();
        Add(json, "title", ingredient.Title);
        Add(json, "format", ingredient.Format);
        Add(json, "document_id", ingredient.DocumentId);
        Add(json, "instance_id", ingredient.InstanceId);
        if (ingredient.Thumbnail is { } thumbnail)
        {
            json["thumbnail"] = Resource(thumbnail);
        }

        Add(json, "relationship", ingredient.Relationship);
        Add(json, "active_manifest", ingredient.ActiveManifest);
        if (ingredient.ValidationResults is { } results)
        {
            json["validation_results"] = results.DeepClone();
        }

        json["label"] = ingredient.Label;
        return json;
    }

    private static JsonObject Resource(ReaderResourceRef resource) => new()
    {
        ["format"] = resource.Format,
        ["identifier"] = resource.Identifier,
    };

    public static JsonObject Signature(ReaderSignatureInfo signature)
    {
        var json = new JsonObject();
        Add(json, "alg", signature.Algorithm);
        Add(json, "issuer", signature.Issuer);
        Add(json, "common_name", signature.CommonName);
        Add(json, "cert_serial_number", signature.CertSerialNumber);
        if (signature.Time is { } time)
        {
            json["time"] = ReaderJson.Rfc3339(time);
        }

        return json;
    }

    private static void Add(JsonObject json, string key, string? value)
    {
        if (value is not null)
        {
            json[key] = value;
        }
    }
}
