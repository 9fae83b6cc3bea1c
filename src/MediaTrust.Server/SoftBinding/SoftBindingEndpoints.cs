using MediaTrust.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MediaTrust.Repository;
using MediaTrust.SoftBinding;
using MediaTrust.Validation.Identity;

namespace MediaTrust.Server.SoftBinding;

/// <summary>
/// The C2PA Soft Binding Resolution API (spec 2.4 §18.10.5 and its OpenAPI document) under <see cref="BasePath"/>:
/// every path and method of the corrected document this server serves at <see cref="DocumentPath"/>
/// (docs/soft-bindings.md, "Resolution API"). Errors are RFC 9457 problem details.
/// </summary>
internal static class SoftBindingEndpoints
{
    /// <summary>The base of the routes: the OpenAPI document's <c>servers</c> entry.</summary>
    public const string BasePath = "/softbinding/v1";

    /// <summary>Where the corrected OpenAPI document is served (outside <see cref="BasePath"/>: it is not one of the API's paths).</summary>
    public const string DocumentPath = "/softbinding/openapi.json";

    /// <summary>The embedded corrected OpenAPI document's resource name.</summary>
    public const string DocumentResource = "MediaTrust.Server.softbinding.openapi.json";

    private const string Json = "application/json";
    private const string C2pa = "application/c2pa";

    /// <summary>A JSON request body is small: a query, a binding, a receipt.</summary>
    private const int MaxJsonBytes = 64 << 10;

    /// <summary>A binding value in a URL longer than this is answered 414 (the document's advice: use POST).</summary>
    private const int MaxQueryValueLength = 4096;

    private const int MaxResultsCap = 100;

    public static void Map(WebApplication app)
    {
        app.MapGet(DocumentPath, () => Results.Stream(typeof(SoftBindingEndpoints).Assembly.GetManifestResourceStream(DocumentResource)!, Json))
            .ExcludeFromDescription();

        var api = app.MapGroup(BasePath).RequireRateLimiting(VerifierApp.RateLimitPolicy).ExcludeFromDescription();
        api.MapGet("/matches/byBinding", QueryByBindingAsync).RequireAuthorization(Scopes.FetchManifests);
        api.MapPost("/matches/byBinding", QueryByLargeBindingAsync).RequireAuthorization(Scopes.FetchManifests);
        api.MapPost("/matches/byContent", QueryByContentAsync).RequireAuthorization(Scopes.FetchManifests);
        api.MapPost("/matches/byReference", QueryByReferenceAsync).RequireAuthorization(Scopes.FetchManifests);
        api.MapPost("/manifests", AddManifestAsync).RequireAuthorization(Scopes.StoreManifests);
        api.MapGet("/manifests/{manifestId}", GetManifestAsync).RequireAuthorization(Scopes.FetchManifests);
        api.MapDelete("/manifests/{manifestId}", DeleteManifestAsync).RequireAuthorization(Scopes.StoreManifests);
        api.MapGet("/manifests/{manifestId}/receipts", GetReceiptAsync).RequireAuthorization(Scopes.FetchManifests);
        api.MapPost("/manifests/{manifestId}/receipts", VerifyReceiptAsync).RequireAuthorization(Scopes.FetchManifests);
        api.MapPost("/bindings", AssociateAsync).RequireAuthorization(Scopes.StoreBindings);
        api.MapPut("/bindings", UpdateAssociationAsync).RequireAuthorization(Scopes.StoreBindings);
        api.MapGet("/services/supportedAlgorithms", SupportedAlgorithmsAsync);
    }

    private static async Task<IResult> QueryByBindingAsync(HttpContext context, SoftBindingService service)
    {
        var query = context.Request.Query;
        string? value = query["value"], alg = query["alg"];
        if (value is { Length: > MaxQueryValueLength })
        {
            throw new ApiProblemException(StatusCodes.Status414UriTooLong, "Query too long", $"The value is longer than {MaxQueryValueLength} characters; use POST /matches/byBinding.", "query.tooLong");
        }

        var max = MaxResults(query);
        var repository = await service.RepositoryAsync();
        return Matches(await FindAsync(repository, [(Required(alg, "alg"), Base64(Required(value, "value"), "value"))], max, context.RequestAborted));
    }

    private static async Task<IResult> QueryByLargeBindingAsync(HttpContext context, SoftBindingService service)
    {
        var max = MaxResults(context.Request.Query);
        var body = await ReadJsonAsync(context);
        var repository = await service.RepositoryAsync();
        var query = (Required(Text(body, "alg"), "alg"), Base64(Required(Text(body, "value"), "value"), "value"));
        return Matches(await FindAsync(repository, [query], max, context.RequestAborted));
    }

    private static async Task<IResult> QueryByContentAsync(HttpContext context, SoftBindingService service, VerificationService verifier)
    {
        var (max, algorithms, hint) = ContentQuery(context.Request.Query);
        var repository = await service.RepositoryAsync();
        var type = context.Request.ContentType;
        if (type is not null && !type.StartsWith("image/", StringComparison.OrdinalIgnoreCase) && !type.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            throw ApiProblemException.Unsupported($"This server computes soft bindings of images only; '{type}' is not one (send image/* or application/octet-stream).");
        }

        var asset = await ReadBodyAsync(context, service.Settings.MaxContentBytes);
        var fingerprints = await FingerprintAsync(asset, verifier, context.RequestAborted);
        return Matches(await FindAsync(repository, Queries(fingerprints, algorithms, hint), max, context.RequestAborted));
    }

    private static async Task<IResult> QueryByReferenceAsync(HttpContext context, SoftBindingService service, VerificationService verifier)
    {
        var settings = service.Settings;
        var (max, algorithms, hint) = ContentQuery(context.Request.Query);
        var body = await ReadJsonAsync(context);
        var repository = await service.RepositoryAsync();
        if (!settings.EnableByReference)
        {
            throw new ApiProblemException(StatusCodes.Status501NotImplemented, "Not offered", "This server does not fetch assets by reference (MediaTrust:SoftBinding:EnableByReference).",
                "softBinding.byReferenceOff");
        }

        var url = Required(Text(body, "referenceUrl"), "referenceUrl");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.UserInfo.Length > 0)
        {
            throw ApiProblemException.BadRequest("referenceUrl must be an absolute https URL without credentials.");
        }

        if (body["assetLength"] is not JsonValue lengthNode || !lengthNode.TryGetValue<long>(out var length) || length <= 0)
        {
            throw ApiProblemException.BadRequest("assetLength must be a positive integer (bytes).");
        }

        var limit = Math.Min(length, settings.MaxReferenceBytes);
        if (length > settings.MaxReferenceBytes)
        {
            throw new ApiProblemException(StatusCodes.Status413PayloadTooLarge, "Asset too large", $"This server fetches at most {settings.MaxReferenceBytes} bytes by reference.", "reference.tooLarge");
        }

        var asset = await FetchReferenceAsync(uri, limit, Text(body, "assetType"), settings.ReferenceTimeout, context.RequestAborted);
        var fingerprints = await FingerprintAsync(asset, verifier, context.RequestAborted);
        return Matches(await FindAsync(repository, Queries(fingerprints, algorithms, hint), max, context.RequestAborted));
    }

    private static async Task<IResult> AddManifestAsync(HttpContext context, SoftBindingService service)
    {
        var returnReceipt = Flag(context.Request.Query, "returnReceipt");
        var type = context.Request.ContentType;
        if (type is not null && !type.StartsWith(C2pa, StringComparison.OrdinalIgnoreCase) && !type.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            throw ApiProblemException.Unsupported($"Send the C2PA Manifest Store as {C2pa}, not '{type}'.");
        }

        var repository = await service.RepositoryAsync();
        var store = await ReadBodyAsync(context, service.Settings.MaxStoreBytes);
        if (store.Length == 0)
        {
            throw ApiProblemException.BadRequest("The body is empty; send a C2PA Manifest Store.");
        }

        StoredManifest stored;
        try
        {
            stored = await repository.StoreAsync(store, context.RequestAborted);
        }
        catch (RepositoryRejectedException e)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "Manifest store not accepted", e.Message, "softBinding.rejected");
        }

        var result = new JsonObject { ["manifestId"] = stored.ManifestId };
        if (returnReceipt)
        {
            result["receipt"] = service.Receipt(BaseUri(context, service), stored.ManifestId, store, DateTimeOffset.UtcNow);
        }

        return JsonResult(result);
    }

    private static async Task<IResult> GetManifestAsync(HttpContext context, SoftBindingService service, string manifestId)
    {
        var activeOnly = Flag(context.Request.Query, "returnActiveManifest");
        var repository = await service.RepositoryAsync();
        var store = await StoreOfAsync(repository, manifestId, context.RequestAborted);
        return Results.Bytes(activeOnly ? SoftBindingValues.ActiveManifestOnly(store) : store, C2pa);
    }

    private static async Task<IResult> DeleteManifestAsync(HttpContext context, SoftBindingService service, string manifestId)
    {
        CheckId(manifestId);
        var repository = await service.RepositoryAsync();
        return await repository.DeleteAsync(manifestId, context.RequestAborted) ? Results.NoContent() : throw NotFound(manifestId);
    }

    private static async Task<IResult> GetReceiptAsync(HttpContext context, SoftBindingService service, string manifestId)
    {
        var repository = await service.RepositoryAsync();
        var store = await StoreOfAsync(repository, manifestId, context.RequestAborted);
        var receipt = service.Receipt(BaseUri(context, service), manifestId, store, DateTimeOffset.UtcNow);
        receipt["verified"] = true;
        return JsonResult(receipt);
    }

    private static async Task<IResult> VerifyReceiptAsync(HttpContext context, SoftBindingService service, string manifestId)
    {
        CheckId(manifestId);
        var receipt = await ReadJsonAsync(context);
        var repository = await service.RepositoryAsync();
        var store = await StoreOfAsync(repository, manifestId, context.RequestAborted);
        var error = service.VerifyReceipt(receipt, manifestId, store);
        var result = (JsonObject)receipt.DeepClone();
        result["verified"] = error is null;
        if (error is not null)
        {
            result["error"] = error;
        }

        return JsonResult(result);
    }

    private static async Task<IResult> AssociateAsync(HttpContext context, SoftBindingService service)
    {
        var (alg, value, manifestId) = await BindingAsync(context, algorithmRequired: true);
        var repository = await service.RepositoryAsync();
        try
        {
            return await repository.AddBindingAsync(manifestId, alg!, value, context.RequestAborted) ? Results.NoContent() : throw NotFound(manifestId);
        }
        catch (RepositoryRejectedException e)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "Binding not accepted", e.Message, "softBinding.rejected");
        }
    }

    private static async Task<IResult> UpdateAssociationAsync(HttpContext context, SoftBindingService service)
    {
        var (alg, value, manifestId) = await BindingAsync(context, algorithmRequired: false);
        var repository = await service.RepositoryAsync();
        return await repository.MoveBindingAsync(alg, value, manifestId, context.RequestAborted)
            ? Results.NoContent()
            : throw new ApiProblemException(StatusCodes.Status404NotFound, "Not found", $"No manifest '{manifestId}' is stored, or no binding has this value.", "softBinding.notFound");
    }

    private static async Task<IResult> SupportedAlgorithmsAsync(SoftBindingService service)
    {
        _ = await service.RepositoryAsync();

        // Fingerprints are computed here (byContent, byReference); any other alg is matched exactly (byBinding), which is
        // how watermark payloads decoded by the client are found, so no watermark is claimed as computed.
        return JsonResult(new JsonObject
        {
            ["watermarks"] = new JsonArray(),
            ["fingerprints"] = new JsonArray(new JsonObject { ["alg"] = ImageFingerprints.IsccAlgorithm }, new JsonObject { ["alg"] = ImageFingerprints.PdqAlgorithm }),
        });
    }

    /// <summary>The best match per manifest over every query, best first, at most <paramref name="max"/>.</summary>
    private static async Task<List<BindingMatch>> FindAsync(IManifestRepository repository, IEnumerable<(string Alg, byte[] Value)> queries, int max, CancellationToken cancellationToken)
    {
        var best = new Dictionary<string, BindingMatch>(StringComparer.Ordinal);
        foreach (var (alg, value) in queries)
        {
            foreach (var match in await repository.FindAsync(alg, value, max, cancellationToken: cancellationToken))
            {
                if (!best.TryGetValue(match.ManifestId, out var known) || match.SimilarityScore > known.SimilarityScore)
                {
                    best[match.ManifestId] = match;
                }
            }
        }

        return [.. best.Values.OrderByDescending(m => m.SimilarityScore).ThenBy(m => m.ManifestId, StringComparer.Ordinal).Take(max)];
    }

    private static IResult Matches(List<BindingMatch> matches)
    {
        var array = new JsonArray();
        foreach (var match in matches)
        {
            array.Add((JsonNode)new JsonObject { ["manifestId"] = match.ManifestId, ["similarityScore"] = match.SimilarityScore });
        }

        return JsonResult(new JsonObject { ["matches"] = array });
    }

    /// <summary>The fingerprint queries of an image: PDQ and ISCC with their turned and mirrored variants (docs/soft-bindings.md), and the hint.</summary>
    private static List<(string, byte[])> Queries(ImageFingerprints fingerprints, IReadOnlyList<string> algorithms, (string Alg, byte[] Value)? hint)
    {
        var queries = new List<(string, byte[])>();
        if (algorithms.Contains(ImageFingerprints.PdqAlgorithm))
        {
            queries.AddRange(fingerprints.PdqVariants.Select(v => (ImageFingerprints.PdqAlgorithm, v)));
        }

        if (algorithms.Contains(ImageFingerprints.IsccAlgorithm))
        {
            queries.AddRange(fingerprints.IsccVariants.Select(v => (ImageFingerprints.IsccAlgorithm, v)));
        }

        if (hint is { } h)
        {
            queries.Add(h);
        }

        return queries;
    }

    private static (int Max, IReadOnlyList<string> Algorithms, (string, byte[])? Hint) ContentQuery(IQueryCollection query)
    {
        var max = MaxResults(query);
        string? alg = query["alg"], hintAlg = query["hintAlg"], hintValue = query["hintValue"];
        IReadOnlyList<string> algorithms = alg switch
        {
            null => [ImageFingerprints.PdqAlgorithm, ImageFingerprints.IsccAlgorithm],
            ImageFingerprints.PdqAlgorithm or ImageFingerprints.IsccAlgorithm => [alg],
            _ => throw ApiProblemException.BadRequest($"This server computes {ImageFingerprints.IsccAlgorithm} and {ImageFingerprints.PdqAlgorithm}, not '{alg}'; " +
                "send a value computed elsewhere to /matches/byBinding."),
        };
        if ((hintAlg is null) != (hintValue is null))
        {
            throw ApiProblemException.BadRequest("hintAlg and hintValue go together.");
        }

        return (max, algorithms, hintAlg is null ? null : (hintAlg, Base64(hintValue!, "hintValue")));
    }

    private static async Task<ImageFingerprints> FingerprintAsync(byte[] asset, VerificationService verifier, CancellationToken cancellationToken)
    {
        // Decoding is the costly part: it takes a validation slot like a verification does (docs/server.md, "Limits").
        using var lease = await verifier.EnterAsync(cancellationToken);
        try
        {
            return ImageFingerprints.Compute(new MemoryStream(asset, writable: false));
        }
        catch (UnknownFormatException e)
        {
            throw ApiProblemException.Unsupported(e.Message);
        }
        catch (MalformedContentException e)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "Image not readable", e.Message, "image.unreadable");
        }
    }

    /// <summary>
    /// Fetches an asset named by reference through the library's guarded HTTP exchange (docs/server.md, "Remote fetching"):
    /// HTTPS only, no redirects, no proxy, public addresses only (checked on the address connected to), at most
    /// <paramref name="limit"/> bytes, within <paramref name="timeout"/>.
    /// </summary>
    private static async Task<byte[]> FetchReferenceAsync(Uri uri, long limit, string? assetType, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = GuardedHttp.CreateClient();
        var response = await GuardedHttp.GetAsync(client, uri, limit, timeout, maxRedirects: 0, refuseRedirect: static (_, _) => "redirects are not followed",
            prepare: null, cancellationToken);
        if (response.Body is not { } body)
        {
            throw Unreachable(response.Failure ?? "no response");
        }

        if (assetType is not null && response.ContentType is { } sent && !string.Equals(sent, assetType, StringComparison.OrdinalIgnoreCase))
        {
            throw Unreachable($"the reference sent {sent}, not the assetType {assetType}");
        }

        return body;

        static ApiProblemException Unreachable(string why) =>
            new(StatusCodes.Status400BadRequest, "Reference not fetched", $"The asset could not be fetched: {why}.", "reference.unfetched");
    }

    private static async Task<(string? Alg, byte[] Value, string ManifestId)> BindingAsync(HttpContext context, bool algorithmRequired)
    {
        var body = await ReadJsonAsync(context);
        var alg = Text(body, "alg");
        if (algorithmRequired)
        {
            Required(alg, "alg");
        }

        var manifestId = Required(Text(body, "manifestId"), "manifestId");
        CheckId(manifestId);
        return (alg, Base64(Required(Text(body, "bindingValue"), "bindingValue"), "bindingValue"), manifestId);
    }

    private static async Task<byte[]> StoreOfAsync(IManifestRepository repository, string manifestId, CancellationToken cancellationToken)
    {
        CheckId(manifestId);
        return await repository.GetStoreAsync(manifestId, cancellationToken) ?? throw NotFound(manifestId);
    }

    private static ApiProblemException NotFound(string manifestId) =>
        new(StatusCodes.Status404NotFound, "Not found", $"No manifest store is kept under '{manifestId}'.", "softBinding.notFound");

    private static void CheckId(string manifestId)
    {
        if (manifestId.Length is 0 or > 1024 || manifestId.Any(char.IsControl))
        {
            throw ApiProblemException.BadRequest("The manifest id is empty, longer than 1024 characters, or holds control characters.");
        }
    }

    private static string BaseUri(HttpContext context, SoftBindingService service) =>
        service.Settings.PublicUri?.ToString().TrimEnd('/') ?? $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{BasePath}";

    private static int MaxResults(IQueryCollection query)
    {
        if (query["maxResults"].FirstOrDefault() is not { } text)
        {
            return 10;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var max) && max >= 1
            ? Math.Min(max, MaxResultsCap)
            : throw ApiProblemException.BadRequest("maxResults must be an integer of at least 1.");
    }

    private static bool Flag(IQueryCollection query, string name) => query[name].FirstOrDefault() switch
    {
        null or "false" => false,
        "true" => true,
        var other => throw ApiProblemException.BadRequest($"{name} must be true or false, not '{other}'."),
    };

    private static string Required(string? value, string name) =>
        string.IsNullOrEmpty(value) ? throw ApiProblemException.BadRequest($"'{name}' is required.") : value;

    /// <summary>A base64 value (standard or URL-safe alphabet, padding optional), as the document's values are.</summary>
    private static byte[] Base64(string text, string name)
    {
        try
        {
            var bytes = SoftBindingService.FromBase64Url(text.Replace('+', '-').Replace('/', '_').TrimEnd('='));
            return bytes.Length > 0 ? bytes : throw new FormatException();
        }
        catch (FormatException)
        {
            throw ApiProblemException.BadRequest($"'{name}' is not a non-empty base64 value.");
        }
    }

    private static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static async Task<JsonObject> ReadJsonAsync(HttpContext context)
    {
        var bytes = await ReadBodyAsync(context, MaxJsonBytes);
        try
        {
            return JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 32 }) as JsonObject
                ?? throw ApiProblemException.BadRequest("The body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw ApiProblemException.BadRequest($"The body is not JSON: {e.Message}");
        }
    }

    /// <summary>The whole body, refused with 413 past <paramref name="limit"/> bytes (by its declared length before anything is read).</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpContext context, long limit)
    {
        if (context.Request.ContentLength > limit)
        {
            throw ApiProblemException.TooLarge(limit);
        }

        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = limit + 1;
        }

        return await GuardedHttp.ReadBoundedAsync(context.Request.Body, limit, context.RequestAborted) ?? throw ApiProblemException.TooLarge(limit);
    }

    private static IResult JsonResult(JsonObject json) => Results.Text(json.ToJsonString(), Json, Encoding.UTF8);
}
