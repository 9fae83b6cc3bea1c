using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MediaTrust.Assertions;
using MediaTrust.Cose;
using MediaTrust.Pki;
using MediaTrust.Spec;

namespace MediaTrust.Validation.Identity;

/// <summary>What an identity claims aggregation credential says about the named actor, for display.</summary>
internal sealed record IcaSummary(string? Issuer, string? IssuerName, DateTimeOffset? ValidFrom, DateTimeOffset? ValidUntil, IReadOnlyList<VerifiedIdentity> Identities, bool Trusted);

/// <summary>
/// Validates the signature of a <c>cawg.identity_claims_aggregation</c> identity assertion (CAWG identity 1.3,
/// "Validating an identity assertion with an identity claims aggregation credential"), in the order the spec gives:
/// the COSE_Sign1 envelope, the W3C verifiable credential (1.1 or 2.0), the issuer's DID and key, the COSE signature,
/// the time-stamp, the validity range, revocation, the binding to the signer payload and the verified identities.
/// Every step reports and continues where the spec allows it.
/// </summary>
internal static class IdentityClaimsAggregation
{
    private const string VcContentType = "application/vc";
    private const string Vc11Context = "https://www.w3.org/2018/credentials/v1";
    private const string Vc20Context = "https://www.w3.org/ns/credentials/v2";

    /// <param name="identity">The identity assertion.</param>
    /// <param name="url">The assertion's URI, for the findings.</param>
    /// <param name="manifestTime">The claim signature's trusted time-stamp, when there is one (1.3: compared with the validity range).</param>
    /// <param name="options">Validation time, TSA anchors, trusted issuers and the DID resolver.</param>
    /// <param name="findings">Where the findings go.</param>
    /// <param name="cancellationToken">Cancels a DID resolution.</param>
    public static async Task<IcaSummary> ValidateAsync(IdentityAssertion identity, string url, DateTimeOffset? manifestTime, ValidationOptions options,
        List<ValidationFinding> findings, CancellationToken cancellationToken)
    {
        var empty = new IcaSummary(null, null, null, null, [], false);
        void Add(string code, string explanation) => findings.Add(new(code, url, explanation));

        // Parse the COSE_Sign1 structure.
        CoseSign1 cose;
        try
        {
            cose = CoseSign1.Decode(identity.Signature);
        }
        catch (MalformedContentException e)
        {
            Add(ValidationStatusCodes.CawgIcaInvalidCoseSign1, $"the signature is not a COSE_Sign1: {e.Reason}");
            return empty;
        }

        var algorithmKnown = SigningAlgorithms.TryFromCose(cose.Algorithm, out var algorithm);
        if (!algorithmKnown)
        {
            // 1.3 allows continuing; nothing can be verified without a known algorithm, so validation stops here (as c2pa-rs).
            Add(ValidationStatusCodes.CawgIcaInvalidAlg, cose.Algorithm is null ? "the protected header has no alg" : $"COSE algorithm {cose.Algorithm} is not one of ES256/384/512, PS256/384/512 or Ed25519");
            return empty;
        }

        if (cose.ContentType != VcContentType)
        {
            Add(ValidationStatusCodes.CawgIcaInvalidContentType, cose.ContentType is null
                ? "the protected header has no content type; application/vc is required"
                : $"the content type is '{cose.ContentType}', not application/vc");
        }

        // Parse the verifiable credential.
        string? vcProblem = "the COSE_Sign1 carries no payload";
        if (cose.Payload is not { } payload || ParseCredential(payload, out vcProblem) is not { } credential)
        {
            Add(ValidationStatusCodes.CawgIcaInvalidVerifiableCredential, $"the payload is not a verifiable credential: {vcProblem}");
            return empty;
        }

        var subject = credential["credentialSubject"] as JsonObject;
        var issuer = credential["issuer"] switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonObject o when o["id"] is JsonValue id && id.TryGetValue<string>(out var s) => s,
            _ => null,
        };
        var issuerName = (credential["issuer"] as JsonObject)?["name"] is JsonValue n && n.TryGetValue<string>(out var name) ? name : null;

        // Obtain the issuer's public key.
        DidPublicKey? key = null;
        var trusted = false;
        // 1.3 allows continuing after an issuer or DID failure; without the issuer's key nothing else is worth
        // reporting, so validation stops there (as c2pa-rs does).
        if (issuer is null || Dids.Method(issuer) is not { } method)
        {
            Add(ValidationStatusCodes.CawgIcaInvalidIssuer, issuer is null ? "the credential has no issuer" : $"the issuer '{issuer}' is not a DID");
            return empty with { Issuer = issuer, IssuerName = issuerName };
        }
        else
        {
            key = await ResolveKeyAsync(issuer, method, url, options, findings, cancellationToken).ConfigureAwait(false);
            if (key is null)
            {
                return empty with { Issuer = issuer, IssuerName = issuerName };
            }

            trusted = options.TrustedIdentityIssuers.Contains(issuer) || options.TrustedIdentityIssuers.Contains(issuer.Split('#')[0]);
            if (!trusted)
            {
                Add(ValidationStatusCodes.CawgIcaUntrustedIssuer, $"the issuer {Shorten(issuer)} is not on the list of trusted identity claims aggregators");
            }
        }

        // Verify the COSE signature.
        if (algorithmKnown)
        {
            var toBeSigned = SigStructure.ForClaimSignature(cose.ProtectedBytes.Span, payload.Span);
            if (!key.Verify(algorithm, toBeSigned, cose.Signature.Span))
            {
                // 1.3 allows continuing; a forged credential says nothing worth reporting further.
                Add(ValidationStatusCodes.CawgIcaSignatureMismatch, $"the {algorithm} signature does not verify with the issuer's {key.Curve} key");
                return empty with { Issuer = issuer, IssuerName = issuerName };
            }
        }

        // Verify the time stamp, if present (sigTst2 only; sigTst is ignored).
        DateTimeOffset? stamped = null;
        if (cose.TimeStampsAreV2 && cose.TimeStampTokens.Count > 0)
        {
            var imprinted = SigStructure.ForTimeStamp(cose.ProtectedBytes.Span, cose.SignatureFieldEncoded.Span);
            var result = TimeStampValidator.Validate(cose.TimeStampTokens, true, imprinted, options.Trust, options.VerifyTimeStampTrust);
            if (result.State == TimeStampState.Trusted)
            {
                stamped = result.GenTime;
                Add(ValidationStatusCodes.CawgIcaTimeStampValidated, $"the credential was time-stamped at {result.GenTime!.Value.UtcDateTime:u}");
            }
            else
            {
                Add(ValidationStatusCodes.CawgIcaTimeStampInvalid, "the credential's time-stamp does not validate: " +
                    string.Join("; ", result.Findings.Select(f => f.Explanation)));
            }
        }

        // Verify the validity range against now, the manifest's time-stamp and the credential's own.
        var now = options.ValidationTime ?? DateTimeOffset.UtcNow;
        var times = new List<(DateTimeOffset Time, string What)> { (now, "the validation time") };
        if (manifestTime is { } m)
        {
            times.Add((m, "the manifest's time-stamp"));
        }

        if (stamped is { } s2)
        {
            times.Add((s2, "the credential's time-stamp"));
        }

        var fromText = Text(credential, "validFrom") ?? Text(credential, "issuanceDate");
        DateTimeOffset? validFrom = null, validUntil = null;
        if (fromText is null)
        {
            Add(ValidationStatusCodes.CawgIcaValidFromMissing, "the credential has neither validFrom nor issuanceDate");
        }
        else if (!TryParseDate(fromText, out var from))
        {
            Add(ValidationStatusCodes.CawgIcaValidFromInvalid, $"validFrom '{fromText}' is not an RFC 3339 date-time");
        }
        else
        {
            validFrom = from;
            if (times.FirstOrDefault(t => from > t.Time) is { What: not null } late)
            {
                Add(ValidationStatusCodes.CawgIcaValidFromInvalid, $"the credential is valid from {from.UtcDateTime:u}, after {late.What} ({late.Time.UtcDateTime:u})");
            }
        }

        if ((Text(credential, "validUntil") ?? Text(credential, "expirationDate")) is { } untilText)
        {
            if (!TryParseDate(untilText, out var until))
            {
                Add(ValidationStatusCodes.CawgIcaValidUntilInvalid, $"validUntil '{untilText}' is not an RFC 3339 date-time");
            }
            else
            {
                validUntil = until;
                if (times.FirstOrDefault(t => until < t.Time) is { What: not null } after)
                {
                    Add(ValidationStatusCodes.CawgIcaValidUntilInvalid, $"the credential expired at {until.UtcDateTime:u}, before {after.What} ({after.Time.UtcDateTime:u})");
                }
            }
        }

        // Revocation: no status list method is implemented, so a credentialStatus cannot be checked.
        if (credential["credentialStatus"] is not null)
        {
            Add(ValidationStatusCodes.CawgIcaRevocationUnsupported, "the credential has a credentialStatus, and this validator supports no revocation list");
        }

        // Binding to the C2PA asset: c2paAsset must be signer_payload as JSON (byte strings in standard base 64).
        var asset = subject?["c2paAsset"];
        var expected = SignerPayloadAsJson(identity.SignerPayload);
        if (asset is null || expected is null || !SameJson(asset, expected))
        {
            Add(ValidationStatusCodes.CawgIcaSignerPayloadMismatch, asset is null
                ? "credentialSubject has no c2paAsset"
                : "credentialSubject.c2paAsset is not the identity assertion's signer_payload: the credential was issued for other content");
        }

        // Verified identities.
        var identities = new List<VerifiedIdentity>();
        if (subject?["verifiedIdentities"] is not JsonArray list || list.Count == 0)
        {
            Add(ValidationStatusCodes.CawgIcaVerifiedIdentitiesMissing, "credentialSubject.verifiedIdentities is missing, not an array or empty");
        }
        else
        {
            var problems = new List<string>();
            for (var i = 0; i < list.Count; i++)
            {
                if (ReadIdentity(list[i], out var problem) is { } identityEntry)
                {
                    identities.Add(identityEntry);
                }
                else
                {
                    problems.Add($"#{i + 1} {problem}");
                }
            }

            if (problems.Count > 0)
            {
                Add(ValidationStatusCodes.CawgIcaVerifiedIdentitiesInvalid, "invalid verified identities: " + string.Join("; ", problems));
            }
        }

        return new IcaSummary(issuer, issuerName, validFrom, validUntil, identities, trusted);
    }

    private static async Task<DidPublicKey?> ResolveKeyAsync(string issuer, string method, string url, ValidationOptions options,
        List<ValidationFinding> findings, CancellationToken cancellationToken)
    {
        JsonObject? document;
        if (Dids.IsOffline(issuer))
        {
            document = Dids.ResolveOffline(issuer);
            if (document is null)
            {
                findings.Add(new(ValidationStatusCodes.CawgIcaDidUnavailable, url, $"{Shorten(issuer)} does not decode to a key"));
                return null;
            }
        }
        else if (options.DidResolver is not { } resolver)
        {
            findings.Add(method == "web"
                ? new(ValidationStatusCodes.CawgIdentityNetworkTrafficBlocked, url,
                    $"resolving {issuer} needs the network, which is not allowed (set ValidationOptions.DidResolver, e.g. mediatrust verify --allow-network)")
                : new(ValidationStatusCodes.CawgIcaDidUnsupportedMethod, url, $"the DID method '{method}' of {Shorten(issuer)} is not supported (did:key, did:jwk; did:web online)"));
            return null;
        }
        else
        {
            string? json;
            try
            {
                json = await resolver.ResolveAsync(issuer.Split('#')[0], cancellationToken).ConfigureAwait(false);
            }
            catch (NotSupportedException)
            {
                findings.Add(new(ValidationStatusCodes.CawgIcaDidUnsupportedMethod, url, $"the DID method '{method}' of {Shorten(issuer)} is not supported"));
                return null;
            }

            if (json is null)
            {
                findings.Add(new(ValidationStatusCodes.CawgIcaDidUnavailable, url, $"{issuer} could not be resolved to a DID document"));
                return null;
            }

            document = Dids.ParseDocument(json);
            if (document is null)
            {
                findings.Add(new(ValidationStatusCodes.CawgIcaInvalidDidDocument, url, $"the DID document of {issuer} is not a JSON object"));
                return null;
            }
        }

        var key = Dids.AssertionKey(document, out var problem);
        if (key is null)
        {
            findings.Add(new(ValidationStatusCodes.CawgIcaInvalidDidDocument, url, $"{Shorten(issuer)}: {problem}"));
        }

        return key;
    }

    /// <summary>The credential as a JSON object with a VC 1.1 or 2.0 context, VerifiableCredential type, issuer and subject; null with why otherwise.</summary>
    internal static JsonObject? ParseCredential(ReadOnlyMemory<byte> payload, out string? problem)
    {
        JsonNode? node;
        try
        {
            node = payload.Length > Dids.MaxDocumentLength * 4 ? null : JsonNode.Parse(payload.Span, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            problem = $"not JSON ({e.Message})";
            return null;
        }

        problem = node switch
        {
            not JsonObject => "not a JSON object",
            JsonObject o when o["@context"] is not JsonArray { Count: > 0 } c || c[0] is not JsonValue first || !first.TryGetValue<string>(out var ctx) || ctx is not (Vc11Context or Vc20Context)
                => "@context does not start with the VC 1.1 or 2.0 context",
            JsonObject o when !Strings(o["type"]).Contains("VerifiableCredential") => "type does not include VerifiableCredential",
            JsonObject o when o["issuer"] is null => "it has no issuer",
            JsonObject o when o["credentialSubject"] is not JsonObject => "credentialSubject is not an object",
            _ => null,
        };
        return problem is null ? (JsonObject)node! : null;
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        JsonArray a => a.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>(),
        _ => [],
    };

    /// <summary>1.3, "Verified identities": type, verifiedAt and provider.name required; name, username, address, uri by type.</summary>
    private static VerifiedIdentity? ReadIdentity(JsonNode? node, out string? problem)
    {
        if (node is not JsonObject entry)
        {
            problem = "is not an object";
            return null;
        }

        var type = Text(entry, "type");
        var provider = entry["provider"] as JsonObject;
        var verifiedAt = Text(entry, "verifiedAt");
        var (name, username, address, uri, method) = (Text(entry, "name"), Text(entry, "username"), Text(entry, "address"), Text(entry, "uri"), Text(entry, "method"));
        problem = type switch
        {
            null or "" => "has no type",
            _ when verifiedAt is null || !TryParseDate(verifiedAt, out _) => "has no RFC 3339 verifiedAt",
            _ when provider is null => "has no provider",
            _ when Text(provider, "name") is not { Length: > 0 } => "has no provider.name",
            _ when (entry["name"] is not null && name is not { Length: > 0 }) || (entry["username"] is not null && username is not { Length: > 0 })
                || (entry["address"] is not null && address is not { Length: > 0 }) || (entry["method"] is not null && method is not { Length: > 0 }) => "has an empty or non-text name, username, address or method",
            _ when entry["uri"] is not null && !Uri.TryCreate(uri, UriKind.Absolute, out _) => "has a uri that is not a URI",
            "cawg.document_verification" when name is null => "is a document verification without a name",
            "cawg.social_media" when username is null => "is a social media account without a username",
            // 1.3 asks for address; earlier drafts (and the c2pa-rs fixtures) named the wallet by username: either is accepted.
            "cawg.crypto_wallet" when address is null && username is null => "is a crypto wallet without an address",
            "cawg.web_site" when uri is null => "is a web site without a uri",
            _ => null,
        };
        if (problem is not null)
        {
            return null;
        }

        _ = TryParseDate(verifiedAt!, out var at);
        return new VerifiedIdentity(type!, name, username, address, uri, method, at, Text(provider!, "id"), Text(provider!, "name"));
    }

    /// <summary>signer_payload as the credential must carry it (1.3, "Binding to C2PA asset"): CBOR → JSON, bstr → base 64.</summary>
    internal static JsonNode? SignerPayloadAsJson(SignerPayload payload)
    {
        try
        {
            return Convert(Cbor.CborJson.Decode(payload.Raw));
        }
        catch (MalformedContentException)
        {
            return null;
        }

        static JsonNode? Convert(JsonNode? node) => node switch
        {
            JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Convert(p.Value)))),
            JsonArray a => new JsonArray([.. a.Select(Convert)]),
            JsonValue v when v.TryGetValue<byte[]>(out var bytes) => JsonValue.Create(System.Convert.ToBase64String(bytes)),
            null => null,
            _ => node.DeepClone(),
        };
    }

    /// <summary>Structural JSON equality: same members in any order, same items in order, same scalar values.</summary>
    internal static bool SameJson(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (JsonObject x, JsonObject y) => x.Count == y.Count && x.All(p => y.TryGetPropertyValue(p.Key, out var other) && SameJson(p.Value, other)),
        (JsonArray x, JsonArray y) => x.Count == y.Count && x.Zip(y).All(p => SameJson(p.First, p.Second)),
        (JsonValue x, JsonValue y) => x.ToJsonString() == y.ToJsonString(),

        // c2pa-rs writes a byte string's base 64 text as an array of its character codes; read it as that text.
        (JsonArray x, JsonValue y) when y.TryGetValue<string>(out var text) && x.Count == text.Length =>
            x.Select((item, i) => item is JsonValue v && v.TryGetValue<int>(out var code) && code == text[i]).All(ok => ok),
        (null, null) => true,
        _ => false,
    };

    private static string? Text(JsonObject node, string name) => node[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool TryParseDate(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value)
        && text.Contains('T', StringComparison.Ordinal);

    private static string Shorten(string did) => did.Length <= 60 ? did : did[..57] + "…";
}
