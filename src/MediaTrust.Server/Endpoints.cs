using System.Security.Cryptography;
using System.Text;
using MediaTrust.Pki;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MediaTrust.TrustProfiles;
using MediaTrust.TrustProfiles.Indicators;

namespace MediaTrust.Server;

/// <summary>The REST API, <c>/api/v1</c> (docs/server.md, "API"). Handlers take the <see cref="HttpContext"/> so no body is bound (or buffered) by the framework.</summary>
internal static partial class Endpoints
{
    private const string Json = "application/json";

    /// <summary>Maps the API's routes and returns their group, rate-limited, for the routes other files add to it.</summary>
    public static RouteGroupBuilder Map(WebApplication app)
    {
        var api = app.MapGroup("/api/v1").RequireRateLimiting(VerifierApp.RateLimitPolicy);

        api.MapPost("/verify", VerifyAsync)
            .WithName("Verify")
            .WithSummary("Validate an asset's content credentials")
            .WithDescription("The verdict with every axis (integrity, signature, signer trust, time-stamp, revocation, conformance, source), the signer, the times, " +
                "the findings with their codes and explanations, a per-manifest summary (app, AI signal, actions, ingredients with thumbnails) and c2pa-rs's Reader JSON. " +
                "Send the file as the raw body or as multipart part 'file'; a fragmented MP4 as 'file' (the init segment) plus 'fragment' parts; a sidecar store as part 'sidecar'. " +
                "?detailed adds the detailed view, ?crjson the crJSON view, ?thumbnails the thumbnails inline as data: URIs " +
                "(without it the Reader JSON names each thumbnail by its identifier, as c2pa-rs's does).")
            .Produces(200, contentType: Json)
            .WithUploadBody(profile: false)
            .WithSwitches(
                ("detailed", "Add the detailed view (c2pa-rs --detailed shape) as 'detailed'."),
                ("crjson", "Add the crJSON view as 'crjson'."),
                ("thumbnails", "Inline each manifest's and ingredient's thumbnail as a data: URI in 'manifests' (images up to 1 MiB, 16 MiB per answer); the page asks for them."))
            .ProducesProblem(400).ProducesProblem(413).ProducesProblem(415).ProducesProblem(422).ProducesProblem(429).ProducesProblem(504);

        api.MapPost("/indicators", IndicatorsAsync)
            .WithName("Indicators")
            .WithSummary("The asset's JPEG Trust Indicator Set (ISO/IEC 21617-1)")
            .Produces(200, contentType: Json)
            .WithUploadBody(profile: false)
            .ProducesProblem(400).ProducesProblem(413).ProducesProblem(415).ProducesProblem(422).ProducesProblem(429).ProducesProblem(504);

        api.MapPost("/trust", TrustAsync)
            .WithName("Trust")
            .WithSummary("Evaluate a Trust Profile over the asset and return the Trust Report")
            .WithDescription("?profile=NAME picks a profile of GET /api/v1/profiles; or upload one as multipart part 'profile' (YAML, no includes). " +
                "?format=json|yaml|html (default json), ?lang=CODE picks the language of the texts.")
            .Produces(200, contentType: Json)
            .Produces(200, contentType: "application/yaml")
            .Produces(200, contentType: "text/html")
            .WithUploadBody(profile: true)
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(413).ProducesProblem(415).ProducesProblem(422).ProducesProblem(429).ProducesProblem(504);

        api.MapGet("/profiles", Profiles)
            .WithName("Profiles")
            .WithSummary("The Trust Profiles this server offers by name")
            .Produces(200, contentType: Json);

        api.MapGet("/trust-lists", TrustLists)
            .WithName("TrustLists")
            .WithSummary("The trust anchors in use for claim signers and time-stamping authorities")
            .Produces(200, contentType: Json);
        return api;
    }

    private static async Task<IResult> VerifyAsync(HttpContext context, UploadReceiver receiver, VerificationService verifier)
    {
        await using var upload = await ReceiveAsync(context, receiver, profile: false);
        var asset = upload.Asset!;
        var verification = await verifier.VerifyAsync(upload, context.RequestAborted);

        // The IPTC digital source type in XMP is the AI signal of an asset without one in its manifests.
        JsonObject? Metadata() => upload.Fragments.Count == 0 ? SafeMetadata(asset.Path, verification.Reader?.MediaType) : null;
        var query = context.Request.Query;
        var json = VerifyResponse.Build(asset.Name, verification, Metadata, IsOn(query, "detailed"), IsOn(query, "crjson"), IsOn(query, "thumbnails"));
        return new JsonNodeResult(json);
    }

    private static async Task<IResult> IndicatorsAsync(HttpContext context, UploadReceiver receiver, VerificationService verifier, UploadFolder folder)
    {
        await using var upload = await ReceiveAsync(context, receiver, profile: false);
        var indicators = await IndicatorsOfAsync(upload, verifier, folder, context.RequestAborted);
        return new JsonNodeResult(indicators);
    }

    private static async Task<IResult> TrustAsync(HttpContext context, UploadReceiver receiver, VerificationService verifier, UploadFolder folder, ProfileLibrary library)
    {
        var query = context.Request.Query;
        var format = query["format"].FirstOrDefault()?.ToLowerInvariant() ?? "json";
        if (format is not ("json" or "yaml" or "html"))
        {
            throw ApiProblemException.BadRequest($"Unknown report format '{format}': use json, yaml or html.");
        }

        var name = query["profile"].FirstOrDefault();
        TrustProfile? profile = null;
        if (name is not null)
        {
            profile = library.Find(name) ?? throw new ApiProblemException(404, "No such profile", $"There is no profile named '{name}'; GET /api/v1/profiles lists them.", "profile.unknown");
        }

        await using var upload = await ReceiveAsync(context, receiver, profile: true);
        if (upload.Profile is { } text)
        {
            profile = ParseUploadedProfile(text);
        }

        if (profile is null)
        {
            throw ApiProblemException.BadRequest("Name a profile (?profile=NAME, see GET /api/v1/profiles) or upload one as the multipart part 'profile'.");
        }

        var indicators = await IndicatorsOfAsync(upload, verifier, folder, context.RequestAborted);
        var language = query["lang"].FirstOrDefault();
        if (language is { Length: > 35 })
        {
            throw ApiProblemException.BadRequest("The language tag is too long.");
        }

        var report = new ProfileEvaluator(new ProfileEvaluatorOptions { Now = verifier.Options.Validation?.ValidationTime, Language = language }).Evaluate(profile, indicators, context.RequestAborted);
        switch (format)
        {
            case "yaml":
                return Results.Text(report.ToYaml(), "application/yaml", Encoding.UTF8);
            case "html":
                var html = report.ToHtml();
                // The report is a standalone page with one <style> element: allow exactly that style, by its hash (CSP 3).
                context.Response.Headers.ContentSecurityPolicy = ReportPolicy(html);
                return Results.Text(html, "text/html", Encoding.UTF8);
            default:
                return Results.Text(report.ToJson(), Json, Encoding.UTF8);
        }
    }

    private static IResult Profiles(ProfileLibrary library)
    {
        var list = new JsonArray();
        foreach (var (name, profile) in library.Profiles)
        {
            var metadata = profile.Metadata;
            list.Add((JsonNode)new JsonObject
            {
                ["name"] = name,
                ["title"] = metadata?["name"]?.DeepClone(),
                ["issuer"] = metadata?["issuer"]?.DeepClone(),
                ["version"] = metadata?["version"]?.DeepClone(),
                ["language"] = profile.Language,
                ["languages"] = new JsonArray([.. ProfileLibrary.Languages(profile).Select(l => (JsonNode)l)]),
            });
        }

        return Results.Text(new JsonObject { ["profiles"] = list }.ToJsonString(), Json, Encoding.UTF8);
    }

    /// <summary>The trust lists in use (docs/validation.md, "Default trust"): each list's name, kind, issue and next-update dates and entries, then the anchors.</summary>
    private static IResult TrustLists(VerificationService verifier)
    {
        var trust = verifier.Trust;
        var lists = new JsonArray();
        foreach (var list in trust.Lists)
        {
            lists.Add((JsonNode)new JsonObject
            {
                ["name"] = list.Name,
                ["kind"] = char.ToLowerInvariant(list.Kind.ToString()[0]) + list.Kind.ToString()[1..],
                ["sequenceNumber"] = list.SequenceNumber,
                ["issued"] = list.IssueDate?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["nextUpdate"] = list.NextUpdate?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["stale"] = list.NextUpdate is { } next && next < DateTimeOffset.UtcNow,
                ["signerAnchors"] = trust.SignerAnchors.Count(a => a.List == list),
                ["timeStampAnchors"] = trust.TimeStampAnchors.Count(a => a.List == list),
            });
        }

        var json = new JsonObject
        {
            ["lists"] = lists,
            ["signerAnchors"] = Anchors(trust.SignerAnchors),
            ["timeStampAnchors"] = Anchors(trust.TimeStampAnchors),
            ["note"] = trust.SignerAnchors.Count == 0
                ? "No trust anchors are in use: every validly signed asset is reported as valid but not trusted (MediaTrust:UseDefaultTrust, MediaTrust:TrustAnchors)."
                : null,
        };
        return Results.Text(json.ToJsonString(), Json, Encoding.UTF8);
    }

    private static JsonArray Anchors(IEnumerable<TrustAnchor> anchors)
    {
        var array = new JsonArray();
        foreach (var anchor in anchors)
        {
            var json = Certificate(anchor.Certificate);
            json["entity"] = anchor.EntityName;
            json["list"] = anchor.List?.Name;
            array.Add((JsonNode)json);
        }

        return array;
    }

    private static JsonObject Certificate(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate) => new()
    {
        ["subject"] = certificate.Subject,
        ["issuer"] = certificate.Issuer,
        ["notBefore"] = certificate.NotBefore.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["notAfter"] = certificate.NotAfter.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(certificate.RawData)),
    };

    private static async Task<Upload> ReceiveAsync(HttpContext context, UploadReceiver receiver, bool profile)
    {
        var upload = await receiver.ReceiveAsync(context, profile);
        context.RequestServices.GetRequiredService<VerifierTelemetry>().UploadBytes.Add(upload.TotalBytes);
        return upload;
    }

    /// <summary>The indicator set of an upload (its sidecar beside it, as the library reads a sibling <c>.c2pa</c>), in a validation slot.</summary>
    private static async Task<JsonObject> IndicatorsOfAsync(Upload upload, VerificationService verifier, UploadFolder folder, CancellationToken cancellationToken)
    {
        if (upload.Fragments.Count > 0)
        {
            throw ApiProblemException.BadRequest("Fragmented MP4 is verified by POST /api/v1/verify; indicators and trust reports take one file.");
        }

        var asset = upload.Asset!;
        using var lease = await verifier.EnterAsync(cancellationToken);
        FileStream? sidecar = null;
        try
        {
            if (upload.Sidecar is { } store)
            {
                sidecar = UploadFolder.CreateFileAt(Path.ChangeExtension(asset.Path, ".c2pa"));
                await sidecar.WriteAsync(store, cancellationToken);
                await sidecar.FlushAsync(cancellationToken);
            }

            await asset.Content.FlushAsync(cancellationToken);
            try
            {
                return await TrustIndicatorSet.FromFileAsync(asset.Path, verifier.Options, cancellationToken);
            }
            catch (NotSupportedException)
            {
                throw ApiProblemException.Unsupported("The content is not a format MediaTrust reads (the format is found from the bytes, not the name).");
            }
        }
        finally
        {
            if (sidecar is not null)
            {
                await sidecar.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// An uploaded profile is parsed with no folder to include from, and one that names includes is refused: an include is a
    /// server path, and nothing uploaded may make the server read its own files.
    /// </summary>
    private static TrustProfile ParseUploadedProfile(string text)
    {
        if (IncludeKey().IsMatch(text))
        {
            throw new ApiProblemException(422, "Profile not accepted", "An uploaded profile cannot include other files (include:).", "profile.include");
        }

        try
        {
            return TrustProfile.Parse(text, baseDirectory: Path.Combine(Path.GetTempPath(), "mediatrust-no-includes"), source: "uploaded profile");
        }
        catch (ProfileException e)
        {
            throw new ApiProblemException(422, "Profile not readable", e.Message, "profile.invalid");
        }
    }

    [GeneratedRegex("""(^|[\s{,\[])["']?include["']?\s*:""", RegexOptions.Multiline)]
    private static partial Regex IncludeKey();

    /// <summary>The CSP of a Trust Report page: nothing but its own style element, found by hash.</summary>
    private static string ReportPolicy(string html)
    {
        var hashes = StyleElement().Matches(html)
            .Select(m => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups[1].Value)))}'");
        return $"default-src 'none'; style-src {string.Join(' ', hashes.DefaultIfEmpty("'none'"))}; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleElement();

    private static JsonObject? SafeMetadata(string path, string? mediaType)
    {
        try
        {
            return TrustIndicatorSet.Metadata(path, mediaType);
        }
        catch (Exception e) when (e is IOException or NotSupportedException)
        {
            return null;
        }
    }

    private static bool IsOn(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && (values.Count == 0 || values[0] is null or "" or "true" or "1");

    /// <summary>Describes on/off query switches in OpenAPI (present, empty, <c>true</c> or <c>1</c> is on; see <see cref="IsOn"/>): the handlers read the query themselves.</summary>
    private static RouteHandlerBuilder WithSwitches(this RouteHandlerBuilder builder, params (string Name, string Description)[] switches) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var (name, description) in switches)
            {
                operation.Parameters.Add(new Microsoft.OpenApi.OpenApiParameter
                {
                    Name = name,
                    In = Microsoft.OpenApi.ParameterLocation.Query,
                    Required = false,
                    Description = description,
                    Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.Boolean },
                });
            }

            return Task.CompletedTask;
        });

    /// <summary>Describes the upload body in OpenAPI: multipart parts or the raw file.</summary>
    internal static RouteHandlerBuilder WithUploadBody(this RouteHandlerBuilder builder, bool profile) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            var binary = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String, Format = "binary" };
            var parts = new Dictionary<string, Microsoft.OpenApi.IOpenApiSchema>
            {
                ["file"] = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String, Format = "binary", Description = "The asset, or a fragmented MP4's initialization segment." },
                ["fragment"] = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.Array, Items = binary, Description = "Fragments of a fragmented MP4 (repeat the part)." },
                ["sidecar"] = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String, Format = "binary", Description = "A .c2pa manifest store kept beside the asset." },
            };
            if (profile)
            {
                parts["profile"] = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String, Format = "binary", Description = "A Trust Profile (YAML) instead of ?profile=NAME." };
            }

            operation.RequestBody = new Microsoft.OpenApi.OpenApiRequestBody
            {
                Required = true,
                Description = "The file as multipart/form-data, or the raw body (any media type but text, JSON and form data; the format is found from the bytes).",
                Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType>
                {
                    ["multipart/form-data"] = new() { Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.Object, Properties = parts, Required = new HashSet<string> { "file" } } },
                    ["application/octet-stream"] = new() { Schema = binary },
                },
            };
            return Task.CompletedTask;
        });
}

/// <summary>
/// A JSON answer written straight to the response body as UTF-8 (docs/benchmarks.md, "Web verifier"): a verify answer
/// with inline thumbnails runs to hundreds of kilobytes, and making it a string first (then encoding that string) put
/// two copies of it on the large-object heap for every request. The escaping is the same as <c>ToJsonString()</c>'s.
/// </summary>
internal sealed class JsonNodeResult(JsonNode json) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        await using (var writer = new System.Text.Json.Utf8JsonWriter(httpContext.Response.BodyWriter))
        {
            json.WriteTo(writer);
        }

        await httpContext.Response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}
