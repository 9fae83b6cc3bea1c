using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using MediaTrust.Assertions;
using MediaTrust.IO;
using MediaTrust.Manifests;
using MediaTrust.Spec;
using MediaTrust.Validation;

namespace MediaTrust.Json;

/// <summary>
/// C2PA's crJSON view of a manifest store, shaped as c2pa-rs's <c>Reader::crjson()</c> prints it:
/// <c>@context</c>, <c>manifests[]</c> with the active manifest first, each with its
/// <c>assertions</c> keyed by label (hash assertions and binary assertions included), <c>claim</c> or
/// <c>claim.v2</c>, <c>signature</c> (certificate details) and, when the store was validated, its own
/// <c>validationResults</c>: the active manifest's results for the active manifest, and for an ingredient's
/// manifest the validation deltas of the ingredient assertion that refers to it; then <c>jsonGenerator</c>.
/// Byte strings are written <c>b64'…'</c> as c2pa-rs does. crJSON has no asset_info, content or metadata.
/// </summary>
internal static class CrJson
{
    /// <summary>The crJSON <c>@context</c>.</summary>
    public static JsonObject Context => new() { ["@vocab"] = "https://c2pa.org/crjson", ["extras"] = "https://c2pa.org/crjson/extras" };

    /// <summary>Builds the crJSON document of a store (with validation results when it was validated).</summary>
    public static JsonObject Build(StoreView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var store = view.Store;
        var ordered = new List<Manifest>(store.Manifests.Count);
        if (store.ActiveManifest is { } active)
        {
            ordered.Add(active);
        }

        foreach (var manifest in store.Manifests)
        {
            if (!ReferenceEquals(manifest, store.ActiveManifest))
            {
                ordered.Add(manifest);
            }
        }

        // Which manifest each ingredient assertion refers to, so an ingredient's deltas land on that manifest.
        var deltasByManifest = new Dictionary<string, StatusCodes>(StringComparer.Ordinal);
        if (view.Validation is { } validation)
        {
            var ingredientTargets = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var manifest in view.Manifests)
            {
                foreach (var ingredient in manifest.Ingredients)
                {
                    ingredientTargets[JumbfUri.ForManifest(manifest.Label) + "/" + C2paBoxes.AssertionStoreLabel + "/" + ingredient.AssertionLabel] = ingredient.ActiveManifest;
                }
            }

            foreach (var delta in validation.Results.IngredientDeltas)
            {
                if (ingredientTargets.TryGetValue(delta.IngredientAssertionUri, out var target))
                {
                    deltasByManifest[target] = delta.ValidationDeltas;
                }
            }
        }

        var manifests = new JsonArray();
        foreach (var manifest in ordered)
        {
            // The JsonNode overload: the generic Add<T> would wrap the node through reflection (not AOT-safe).
            manifests.Add((JsonNode)ManifestJson(view, manifest, deltasByManifest));
        }

        return new JsonObject
        {
            ["@context"] = Context,
            ["manifests"] = manifests,
            ["jsonGenerator"] = new JsonObject { ["name"] = "mediatrust", ["version"] = ValidationReport.EngineName.Split(' ')[^1] },
        };
    }

    private static JsonObject ManifestJson(StoreView view, Manifest manifest, Dictionary<string, StatusCodes> deltas)
    {
        var json = new JsonObject
        {
            ["label"] = manifest.Label,
            ["isUpdateManifest"] = manifest.Kind == ManifestKind.Update,
            ["isCompressedManifest"] = manifest.IsCompressed,
        };

        Claim? claim = null;
        try
        {
            claim = manifest.GetClaim();
        }
        catch (MalformedContentException)
        {
            // An undecodable claim is reported by validation (claim.cbor.invalid); the view shows what it can.
        }

        var references = new Dictionary<string, HashedUri>(StringComparer.Ordinal);
        if (claim is not null)
        {
            foreach (var reference in claim.AllAssertionReferences)
            {
                references[reference.Url.Split('/')[^1]] = reference;
            }
        }

        var assertions = new JsonObject();
        foreach (var assertion in manifest.Assertions)
        {
            assertions[assertion.Label] = AssertionJson(manifest, assertion, references);
        }

        json["assertions"] = assertions;
        if (claim is not null)
        {
            var claimJson = (JsonObject)Bytes(claim.Tree)!;
            AbsoluteUris(claimJson, manifest.Label);
            json[claim.Version >= 2 ? "claim.v2" : "claim"] = claimJson;
        }

        try
        {
            json["signature"] = SignatureJson(manifest.GetSignature());
        }
        catch (MalformedContentException)
        {
            // claimSignature.missing / malformed is in the validation results
        }

        if (view.Validation is { } validation)
        {
            StatusCodes? codes = ReferenceEquals(manifest, view.Store.ActiveManifest)
                ? validation.Results.ActiveManifest
                : deltas.GetValueOrDefault(manifest.Label);
            if (codes is not null)
            {
                var results = Codes(codes);
                results["specVersion"] = "2.3.0";
                results["validationTime"] = validation.ValidationTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
                json["validationResults"] = results;
            }

            if (ReferenceEquals(manifest, view.Store.ActiveManifest) && validation.Results.IngredientDeltas.Count > 0)
            {
                json["ingredientDeltas"] = new JsonArray([.. validation.Results.IngredientDeltas.Select(d => (JsonNode)new JsonObject
                {
                    ["ingredientAssertionURI"] = d.IngredientAssertionUri,
                    ["validationDeltas"] = Codes(d.ValidationDeltas),
                })]);
            }
        }

        return json;
    }

    private static JsonNode? AssertionJson(Manifest manifest, Assertion assertion, Dictionary<string, HashedUri> references)
    {
        switch (assertion.Kind)
        {
            case AssertionKind.Cbor:
            case AssertionKind.Json:
                try
                {
                    var decoded = Bytes(assertion.DecodeData());
                    if (assertion.BaseLabel == AssertionLabels.CawgIdentity && decoded is JsonObject identity)
                    {
                        IdentitySignature(assertion, identity);
                    }

                    return decoded;
                }
                catch (MalformedContentException e)
                {
                    return $"<invalid> {e.Reason}";
                }

            default:
                // Binary content (thumbnails, icons): what it is and the claim's hash of it, not the bytes.
                var binary = new JsonObject
                {
                    ["format"] = assertion.MediaType ?? "application/octet-stream",
                    ["identifier"] = JumbfUri.ForManifest(manifest.Label) + "/" + C2paBoxes.AssertionStoreLabel + "/" + assertion.Label,
                };
                if (references.TryGetValue(assertion.Label, out var reference))
                {
                    binary["hash"] = B64(reference.Hash.Span);
                }

                return binary;
        }
    }

    /// <summary>
    /// An X.509 identity's <c>signature</c> (CAWG identity 1.3, "X.509 certificates and COSE signatures") as the crJSON
    /// signature object of §3.7 (algorithm, the identity signer's certificateInfo, timeStampInfo), as c2pa-rs shows it,
    /// instead of the COSE bytes. Any other signature stays the base 64 string §3.6.3.1 asks for: c2pa-rs shows the
    /// claim signer's certificate for an identity claims aggregation credential, which is not the credential's signer
    /// (docs/validation.md, "Identity assertions in the Reader JSON and crJSON").
    /// </summary>
    private static void IdentitySignature(Assertion assertion, JsonObject identity)
    {
        if (IdentityAssertion.TryRead(assertion, out _) is not { SignerPayload.SigType: SignerPayload.X509Cose } parsed)
        {
            return;
        }

        try
        {
            var cose = Cose.CoseSign1.Decode(parsed.Signature);
            if (cose.CertificateChain.Count > 0)
            {
                identity["signature"] = SignatureJson(cose);
            }
        }
        catch (MalformedContentException)
        {
            // Not a COSE_Sign1: the bytes stay, validation says cawg.x509.signature.mismatch.
        }
    }

    private static JsonObject SignatureJson(Cose.CoseSign1 signature)
    {
        var json = new JsonObject { ["algorithm"] = ReaderJson.AlgorithmName(signature.Algorithm)?.ToLowerInvariant() };
        if (signature.CertificateChain.Count > 0 && CertificateInfo(signature.CertificateChain[0].Span) is { } info)
        {
            json["certificateInfo"] = info;
        }

        if (ReaderJson.TimeStampTime(signature) is { } time)
        {
            json["timeStampInfo"] = new JsonObject { ["timestamp"] = Rfc3339(time) };
        }

        return json;
    }

    /// <summary>A certificate as crJSON shows it: hex serial, issuer and subject by DN attribute, validity.</summary>
    internal static JsonObject? CertificateInfo(ReadOnlySpan<byte> der)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            return new JsonObject
            {
                ["serialNumber"] = Convert.ToHexStringLower(certificate.SerialNumberBytes.Span).TrimStart('0') is { Length: > 0 } s ? s : "0",
                ["issuer"] = DistinguishedName(certificate.IssuerName),
                ["subject"] = DistinguishedName(certificate.SubjectName),
                ["validity"] = new JsonObject
                {
                    ["notBefore"] = Rfc3339(new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero)),
                    ["notAfter"] = Rfc3339(new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero)),
                },
            };
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static JsonObject DistinguishedName(X500DistinguishedName name)
    {
        var json = new JsonObject();
        foreach (var (oid, value) in Pki.DistinguishedNames.Attributes(name, reversed: false))
        {
            var key = oid switch
            {
                "2.5.4.6" => "C",
                "2.5.4.8" => "ST",
                "2.5.4.7" => "L",
                "2.5.4.10" => "O",
                "2.5.4.11" => "OU",
                "2.5.4.3" => "CN",
                _ => null,
            };
            if (key is not null && !json.ContainsKey(key))
            {
                json[key] = value;
            }
        }

        return json;
    }

    /// <summary>c2pa-rs writes the claim's manifest-relative JUMBF URIs (spec 2.2 §8.3) absolute, naming the manifest.</summary>
    private static void AbsoluteUris(JsonNode? node, string label)
    {
        const string Relative = "self#jumbf=";
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (key is "url" or "signature" && obj[key] is JsonValue v && v.TryGetValue<string>(out var uri) &&
                        uri.StartsWith(Relative, StringComparison.Ordinal) && !uri.StartsWith(Relative + "/", StringComparison.Ordinal))
                    {
                        obj[key] = JumbfUri.ForManifest(label) + "/" + uri[Relative.Length..];
                    }
                    else
                    {
                        AbsoluteUris(obj[key], label);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    AbsoluteUris(item, label);
                }

                break;
        }
    }

    private static string Rfc3339(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    private static JsonObject Codes(StatusCodes codes) => new()
    {
        ["success"] = Findings(codes.Success),
        ["informational"] = Findings(codes.Informational),
        ["failure"] = Findings(codes.Failure),
    };

    private static JsonArray Findings(IReadOnlyList<ValidationFinding> findings) =>
        new([.. findings.Select(f => (JsonNode)new JsonObject { ["code"] = f.Code, ["url"] = f.Url, ["explanation"] = f.Explanation })]);

    private static string B64(ReadOnlySpan<byte> bytes) => "b64'" + Convert.ToBase64String(bytes) + "'";

    /// <summary>A copy of a decoded CBOR tree with byte strings (<c>byte[]</c> values) written as <c>b64'…'</c> strings.</summary>
    private static JsonNode? Bytes(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    copy[key] = Bytes(value);
                }

                return copy;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    items.Add(Bytes(item));
                }

                return items;
            case JsonValue value when !value.TryGetValue<System.Text.Json.JsonElement>(out _) && value.TryGetValue<byte[]>(out var bytes):
                return B64(bytes);
            default:
                return node.DeepClone();
        }
    }
}
