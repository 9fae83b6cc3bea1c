using System.Globalization;
using System.Text.Json.Nodes;
using MediaTrust.Repository;
using MediaTrust.Server.SoftBinding;
using SignerTrustStatus = MediaTrust.Validation.SignerTrustStatus;
using ValidationOptions = MediaTrust.Validation.ValidationOptions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace MediaTrust.Server;

/// <summary>
/// <c>GET</c> and <c>POST /api/v1/recover</c> (docs/server.md, "Recovering stripped credentials"): the page's search for the
/// provenance of a file without credentials, in this server's own manifest repository only (spec 2.4 §18.10.5), through
/// the library's <see cref="ManifestRecovery"/>, as <c>mediatrust recover</c> does. Recovery hands out manifest stores, so
/// it follows the Resolution API's read rule: a <c>fetch:manifests</c> token, or <c>AnonymousRead</c>.
/// </summary>
internal static class RecoverEndpoints
{
    /// <summary>Candidates validated and returned: the answer stays bounded (each may carry a thumbnail of up to <see cref="MaxThumbnailBytes"/>).</summary>
    internal const int MaxMatches = 5;

    /// <summary>Largest claim thumbnail inlined per candidate; a larger one is left out.</summary>
    private const int MaxThumbnailBytes = 512 << 10;

    /// <summary>Adds the recovery routes to the API's group (<see cref="Endpoints.Map"/>).</summary>
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/recover", OfferAsync)
            .WithName("RecoverOffer")
            .WithSummary("Whether this server searches its manifest repository for stripped credentials")
            .WithDescription("available: true when a manifest repository is configured (MediaTrust:SoftBinding) and this client may read it " +
                "(a fetch:manifests bearer token, or MediaTrust:SoftBinding:AnonymousRead); otherwise reason says what is missing.")
            .Produces(200, contentType: "application/json");

        api.MapPost("/recover", RecoverAsync)
            .WithName("Recover")
            .WithSummary("Find the stripped credentials of an image in this server's manifest repository")
            .WithDescription("Fingerprints the image (PDQ, ISCC, with turned and mirrored forms), looks the fingerprints up in the server's configured manifest " +
                "repository (no other), validates each candidate store with the upload as its content and applies C2PA 2.4 §18.10.5.1. " +
                $"Returns at most {MaxMatches} candidates, accepted ones first: similarity 0-100, the soft bindings checked, the recovered verdict in words " +
                "(the hard binding of a re-encoded copy does not match: expected, not tampering), signer, claim generator, time and the claim thumbnail. " +
                "Send the image as the raw body or as multipart part 'file'.")
            .Produces(200, contentType: "application/json")
            .WithUploadBody(profile: false)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(413).ProducesProblem(415).ProducesProblem(422)
            .ProducesProblem(429).ProducesProblem(501).ProducesProblem(504);
    }

    private static async Task<IResult> OfferAsync(HttpContext context, SoftBindingService service, IAuthorizationService authorization)
    {
        string? reason = null;
        if (!service.Settings.HasRepository)
        {
            reason = NotConfigured;
        }
        else if (!(await authorization.AuthorizeAsync(context.User, Scopes.FetchManifests)).Succeeded)
        {
            reason = "This server's manifest repository is not open to this client: it needs a bearer token with the fetch:manifests scope, " +
                "or MediaTrust:SoftBinding:AnonymousRead set to true.";
        }

        return new JsonNodeResult(new JsonObject
        {
            ["available"] = reason is null,
            ["maxMatches"] = MaxMatches,
            ["searches"] = "this server's manifest repository",
            ["reason"] = reason,
        });
    }

    private const string NotConfigured =
        "This server has no manifest repository to search: set MediaTrust:SoftBinding:SqlitePath or MediaTrust:SoftBinding:PostgresConnectionString (docs/server.md).";

    private static async Task<IResult> RecoverAsync(HttpContext context, UploadReceiver receiver, VerificationService verifier, SoftBindingService service,
        IAuthorizationService authorization, VerifierTelemetry telemetry)
    {
        // Before the upload is read: nothing to search in (501), then who may search (401/403, the Resolution API's read rule).
        if (!service.Settings.HasRepository)
        {
            throw new ApiProblemException(StatusCodes.Status501NotImplemented, "No manifest repository", NotConfigured, "softBinding.notConfigured");
        }

        if (!(await authorization.AuthorizeAsync(context.User, Scopes.FetchManifests)).Succeeded)
        {
            if (context.User.Identity?.IsAuthenticated == true)
            {
                await context.ForbidAsync(BearerTokenHandler.SchemeName);
            }
            else
            {
                await context.ChallengeAsync(BearerTokenHandler.SchemeName);
            }

            return Results.Empty;
        }

        var repository = await service.RepositoryAsync();
        await using var upload = await receiver.ReceiveAsync(context, allowProfile: false);
        telemetry.UploadBytes.Add(upload.TotalBytes);
        if (upload.Fragments.Count > 0 || upload.Sidecar is not null)
        {
            throw ApiProblemException.BadRequest("Recovery takes one image (the multipart part 'file'), without fragments or a sidecar.");
        }

        var asset = upload.Asset!;
        if (asset.Length > service.Settings.MaxContentBytes)
        {
            // The image is decoded in memory to be fingerprinted: the Resolution API's byContent limit applies.
            throw new ApiProblemException(StatusCodes.Status413PayloadTooLarge, "Image too large",
                $"Recovery fingerprints images of at most {service.Settings.MaxContentBytes} bytes (MediaTrust:SoftBinding:MaxContentBytes).", "upload.tooLarge");
        }

        // Fingerprinting and validating the candidates are the costly part: one validation slot for the whole search.
        using var lease = await verifier.EnterAsync(context.RequestAborted);
        var embedded = await HasEmbeddedCredentialsAsync(asset.Content, context.RequestAborted);
        IReadOnlyList<RecoveredManifest> found;
        try
        {
            asset.Content.Position = 0;
            var options = new RecoveryOptions { MaxCandidates = MaxMatches, Validation = verifier.Options.Validation ?? new ValidationOptions() };
            found = await ManifestRecovery.RecoverAsync(asset.Content, [repository], options, context.RequestAborted);
        }
        catch (UnknownFormatException e)
        {
            throw ApiProblemException.Unsupported($"Recovery searches by the picture: {e.Message}.");
        }
        catch (MalformedContentException e)
        {
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Image not readable", e.Message, "image.unreadable");
        }

        var matches = new JsonArray();
        foreach (var candidate in found.Take(MaxMatches))
        {
            matches.Add((JsonNode)Candidate(candidate, asset.Name));
        }

        return new JsonNodeResult(new JsonObject
        {
            ["file"] = new JsonObject { ["name"] = asset.Name, ["size"] = asset.Length },
            ["embeddedCredentials"] = embedded,
            ["searched"] = "this server's manifest repository",
            ["recovered"] = found.Count(f => f.SoftBindingsMatched),
            ["matches"] = matches,
        });
    }

    private static async Task<bool> HasEmbeddedCredentialsAsync(Stream asset, CancellationToken cancellationToken)
    {
        asset.Position = 0;
        try
        {
            return (await Reader.ReadAsync(asset, ReaderOptions.StoreOnly, cancellationToken)).ActiveManifestLabel is not null;
        }
        catch (Exception e) when (e is NoManifestException or MalformedContentException or UnknownFormatException)
        {
            return false;
        }
    }

    /// <summary>One candidate: how it was found, its soft bindings checked (§18.10.5.1), and its credentials as recovered provenance.</summary>
    private static JsonObject Candidate(RecoveredManifest candidate, string fileName)
    {
        var reader = candidate.Reader;
        var report = reader.Validation!;
        var active = reader.ActiveManifest;

        // An untrusted signer is a matter of the trust lists in use, not of the credentials' integrity (§14.3); the hard
        // binding describes the original's bytes (RecoveredManifest.HardBindingMismatch): neither speaks against them.
        var failures = candidate.OtherFailures.Where(f => f.Code != Spec.ValidationStatusCodes.SigningCredentialUntrusted).ToList();
        var state = failures.Count > 0 ? "invalid" : report.Axes.SignerTrust == SignerTrustStatus.Trusted ? "trusted" : "valid";
        var signer = report.Signer;
        return new JsonObject
        {
            ["manifestId"] = candidate.ManifestId,
            ["similarity"] = candidate.Match.SimilarityScore,
            ["accepted"] = candidate.SoftBindingsMatched,
            ["matchedBy"] = new JsonObject { ["alg"] = candidate.Match.Algorithm, ["distance"] = candidate.Match.Distance },
            ["softBindings"] = new JsonArray([.. candidate.Bindings.Select(b => (JsonNode)new JsonObject
            {
                ["alg"] = b.Algorithm,
                ["matched"] = b.Matched,
                ["distance"] = b.Distance,
                ["words"] = BindingWords(b),
            })]),
            ["hardBindingMatches"] = !candidate.HardBindingMismatch,
            ["state"] = state,
            ["title"] = Title(candidate.SoftBindingsMatched, state),
            ["words"] = new JsonObject
            {
                ["found"] = candidate.SoftBindingsMatched
                    ? "Recovered provenance: found by the picture's soft bindings in this server's manifest repository, not embedded in this file."
                    : "A similar picture in this server's manifest repository, but not all of its soft bindings match this one (C2PA 2.4 §18.10.5.1): not recovered.",
                ["credentials"] = failures.Count > 0
                    ? "The recovered credentials themselves do not validate: " + string.Join("; ", failures.Select(f => f.Explanation ?? f.Code))
                    : state == "trusted"
                        ? "The recovered credentials are intact; the signature is valid and the signer is on a trust list in use."
                        : "The recovered credentials are intact; the signature is valid, but the signer is not on the trust lists in use.",
                ["hardBinding"] = candidate.HardBindingMismatch
                    ? "Its hard binding describes the original file's bytes, which this copy does not have (re-encoded, resized or edited): " +
                      "that is expected for recovered provenance and is not a sign of tampering."
                    : "Its hard binding matches this file byte for byte.",
                ["signer"] = signer is null ? null : Verdict.SignerWords(signer),
                ["signerTrust"] = Verdict.TrustWords(report),
                ["signed"] = Verdict.SigningTimeWords(report),
            },
            ["credentialFailures"] = new JsonArray([.. failures.Select(f => (JsonNode)new JsonObject
            {
                ["code"] = f.Code,
                ["url"] = f.Url,
                ["explanation"] = f.Explanation,
                ["meaning"] = Verdict.MeaningOf(f.Code),
            })]),
            // The verdict as validated with this upload as the content, every axis as /verify gives it (its integrity
            // axis reports the hard-binding mismatch above).
            ["verdict"] = VerifyResponse.Verdict(Verdict.Of(report), fileName),
            ["claimTitle"] = active?.Title,
            ["signer"] = signer is null ? null : new JsonObject { ["commonName"] = signer.CommonName, ["organization"] = signer.Organization, ["issuer"] = signer.Issuer },
            ["app"] = active is null ? null : ClaimGenerator(active),
            ["time"] = (signer?.SigningTime ?? active?.SignatureInfo?.Time)?.ToString("O", CultureInfo.InvariantCulture),
            ["thumbnail"] = Thumbnail(reader),
        };
    }

    private static string Title(bool accepted, string state) => (accepted, state) switch
    {
        (false, _) => "Similar picture, not a confirmed match",
        (true, "trusted") => "Recovered: trusted Content Credentials",
        (true, "valid") => "Recovered: valid Content Credentials, signer not on the trust lists",
        _ => "Recovered Content Credentials that do not validate",
    };

    private static string BindingWords(BindingCheck check) => check.Matched switch
    {
        true => check.Distance is > 0 ? $"matches ({check.Distance} bits apart)" : "matches",
        false => "does not match" + (check.Distance is { } d ? $" ({d} bits apart)" : ""),
        null => "not checked (this picture gives no value for it)",
    };

    /// <summary>The claim generator: the first claim_generator_info's name and version, else the v1 string.</summary>
    private static string? ClaimGenerator(ReaderManifest manifest)
    {
        foreach (var info in manifest.ClaimGeneratorInfo)
        {
            if (info["name"] is JsonValue name && name.TryGetValue<string>(out var text))
            {
                return info["version"] is JsonValue version && version.TryGetValue<string>(out var v) ? $"{text} {v}" : text;
            }
        }

        return manifest.ClaimGenerator;
    }

    /// <summary>The active manifest's claim thumbnail as a <c>data:</c> URI (an image type, at most <see cref="MaxThumbnailBytes"/>), else null.</summary>
    private static string? Thumbnail(Reader reader)
    {
        if (reader.ActiveManifest?.Thumbnail is not { } reference)
        {
            return null;
        }

        foreach (var resource in reader.GetResources())
        {
            if (resource.ManifestLabel != reader.ActiveManifestLabel || reference.Identifier != VerifyResponse.IdentifierOf(resource))
            {
                continue;
            }

            var media = resource.MediaType ?? reference.Format;
            return VerifyResponse.IsInlineImage(media) && resource.Data.Length <= MaxThumbnailBytes
                ? $"data:{media};base64,{Convert.ToBase64String(resource.Data.Span)}"
                : null;
        }

        return null;
    }
}
