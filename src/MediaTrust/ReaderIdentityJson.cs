using System.Text.Json.Nodes;
using MediaTrust.Assertions;
using MediaTrust.Cose;
using MediaTrust.Json;
using MediaTrust.Validation;
using MediaTrust.Validation.Identity;

namespace MediaTrust;

/// <summary>
/// A <c>cawg.identity</c> assertion as c2pa-rs's Reader JSON shows it (docs/validation.md, "Identity assertions in the Reader
/// JSON"): instead of the raw map (signature bytes and zero pads), the decoded credential's summary.
/// <list type="bullet">
/// <item><c>cawg.x509.cose</c>: <c>signer_payload</c> (<c>referenced_assertions</c>, <c>sig_type</c>, <c>role</c>) and the
/// identity signer's <c>signature_info</c> (<c>alg</c>, <c>issuer</c> = the subject's organization, <c>common_name</c>,
/// <c>cert_serial_number</c>, <c>time</c> of its time-stamp, <c>revocation_status</c>).</item>
/// <item><c>cawg.identity_claims_aggregation</c>: the verifiable credential (<c>@context</c>, <c>id</c>, <c>type</c>,
/// <c>issuer</c>, <c>validFrom</c>, <c>validUntil</c>, <c>verifiedIdentities</c>, then its other members and the
/// subject's <c>c2paAsset</c> in ordinal key order).</item>
/// </list>
/// What cannot be decoded that far (an unknown <c>sig_type</c>, a signature that is not a COSE_Sign1, an unknown algorithm,
/// a payload that is not a credential, or an X.509 signature validation found forged) is shown raw, as c2pa-rs does.
/// </summary>
internal static class ReaderIdentityJson
{
    /// <summary>The members of a credential placed first, in c2pa-rs's order; the rest follow sorted.</summary>
    private static readonly string[] CredentialHead = ["@context", "id", "type", "issuer", "validFrom", "validUntil"];

    /// <summary>
    /// The summary of <paramref name="assertion"/>; null when it is not an identity assertion that decodes (show it raw).
    /// </summary>
    /// <param name="assertion">A <c>cawg.identity</c> assertion.</param>
    /// <param name="validated">What validation found for this assertion; null when the store was not validated.</param>
    public static JsonObject? Summary(Assertion assertion, IdentityAssertionReport? validated)
    {
        if (IdentityAssertion.TryRead(assertion, out _) is not { } identity)
        {
            return null;
        }

        CoseSign1 cose;
        try
        {
            cose = CoseSign1.Decode(identity.Signature);
        }
        catch (MalformedContentException)
        {
            return null;
        }

        return identity.SignerPayload.SigType switch
        {
            SignerPayload.X509Cose => X509(identity, cose, validated),
            SignerPayload.IdentityClaimsAggregation => Credential(identity, cose),
            _ => null,
        };
    }

    /// <summary>signer_payload as c2pa-rs serializes it: hashed URIs (url, alg, hash in base 64), sig_type, role.</summary>
    public static JsonObject SignerPayloadJson(SignerPayload payload)
    {
        var json = new JsonObject
        {
            ["referenced_assertions"] = new JsonArray([.. payload.ReferencedAssertions.Select(reference =>
            {
                var item = new JsonObject { ["url"] = reference.Url };
                if (reference.Algorithm is { } alg)
                {
                    item["alg"] = alg;
                }

                item["hash"] = Convert.ToBase64String(reference.Hash.Span);
                return (JsonNode)item;
            })]),
            ["sig_type"] = payload.SigType,
        };
        if (payload.Roles.Count > 0)
        {
            json["role"] = new JsonArray([.. payload.Roles.Select(r => (JsonNode)JsonValue.Create(r))]);
        }

        return json;
    }

    private static JsonObject? X509(IdentityAssertion identity, CoseSign1 cose, IdentityAssertionReport? validated)
    {
        // c2pa-rs shows the summary only for a signature that verifies; without validation, what the signature says.
        if (cose.CertificateChain.Count == 0 || validated is not null && validated.Findings.Any(f => f.Code == Spec.ValidationStatusCodes.CawgX509SignatureMismatch))
        {
            return null;
        }

        // The identity signer's summary in the claim signature's shape (c2pa-rs uses one type for both).
        var info = ReaderViewJson.Signature(ReaderViews.SignatureInfo(cose));

        // Only what validation established: revoked (false) or, once the signature verified, not known to be revoked (true).
        if (validated is not null)
        {
            if (validated.Findings.Any(f => f.Code == Spec.ValidationStatusCodes.CawgIdentityCredentialRevoked))
            {
                info["revocation_status"] = false;
            }
            else if (validated.Findings.Any(f => f.Code == Spec.ValidationStatusCodes.CawgX509SignatureValidated))
            {
                info["revocation_status"] = true;
            }
        }

        return new JsonObject { ["signer_payload"] = SignerPayloadJson(identity.SignerPayload), ["signature_info"] = info };
    }

    private static JsonObject? Credential(IdentityAssertion identity, CoseSign1 cose)
    {
        if (!SigningAlgorithms.TryFromCose(cose.Algorithm, out _) || cose.Payload is not { } payload
            || IdentityClaimsAggregation.ParseCredential(payload, out _) is not { } credential
            || credential["credentialSubject"] is not JsonObject subject || subject["verifiedIdentities"] is not JsonArray { Count: > 0 } identities)
        {
            return null;
        }

        var json = new JsonObject();
        foreach (var key in CredentialHead)
        {
            if (credential[key] is { } value)
            {
                json[key] = value.DeepClone();
            }
        }

        json["verifiedIdentities"] = new JsonArray([.. identities.Select(VerifiedIdentity)]);
        var rest = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (key, value) in credential)
        {
            if (Array.IndexOf(CredentialHead, key) < 0 && key != "credentialSubject")
            {
                rest[key] = value?.DeepClone();
            }
        }

        // The subject's c2paAsset, as the signer_payload it must equal (1.3, "Binding to C2PA asset"); as written when it does not.
        if (subject["c2paAsset"] is { } asset)
        {
            var expected = IdentityClaimsAggregation.SignerPayloadAsJson(identity.SignerPayload);
            rest["c2paAsset"] = expected is not null && IdentityClaimsAggregation.SameJson(asset, expected)
                ? SignerPayloadJson(identity.SignerPayload)
                : HashesAsText(asset);
        }

        foreach (var (key, value) in rest)
        {
            json[key] = value;
        }

        return json;
    }

    /// <summary>
    /// A copy of a c2paAsset that is not the signer payload, each <c>hash</c> written as an array of character codes (as
    /// c2pa-rs writes the base 64 text) shown as that text. c2pa-rs shows such a hash as the base 64 of "invalid base64".
    /// </summary>
    private static JsonNode? HashesAsText(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key,
            p.Key == "hash" && p.Value is JsonArray codes && codes.All(c => c is JsonValue v && v.TryGetValue<int>(out var code) && code is > 0 and < 128)
                ? JsonValue.Create(new string([.. codes.Select(c => (char)c!.GetValue<int>())]))
                : HashesAsText(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(HashesAsText)]),
        _ => node?.DeepClone(),
    };

    /// <summary>A verified identity with the members the CAWG schema defines, in c2pa-rs's order.</summary>
    private static JsonNode? VerifiedIdentity(JsonNode? node)
    {
        if (node is not JsonObject entry)
        {
            return node?.DeepClone();
        }

        var json = new JsonObject();
        foreach (var key in new[] { "type", "name", "username", "address", "uri", "verifiedAt", "provider" })
        {
            if (entry[key] is { } value)
            {
                json[key] = value.DeepClone();
            }
        }

        return json;
    }
}
