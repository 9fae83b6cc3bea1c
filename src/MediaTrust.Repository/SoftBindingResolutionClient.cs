using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MediaTrust.SoftBinding;

namespace MediaTrust.Repository;

/// <summary>
/// A client of any C2PA Soft Binding Resolution API (spec 2.4 §18.10.5; MediaTrust's server serves one at
/// <c>/softbinding/v1</c>, docs/soft-bindings.md): queries by binding or by content, fetches, stores and binds. It is an
/// <see cref="IManifestRepository"/>, so <see cref="ManifestRecovery"/> searches a remote repository as it does a local one.
/// Every response is read up to <see cref="MaxResponseBytes"/>; a match the service says lives at another endpoint is left
/// out (it cannot be fetched from here). <see cref="GetAsync"/> and <see cref="CountAsync"/> have no API route and throw
/// <see cref="NotSupportedException"/>.
/// </summary>
public sealed class SoftBindingResolutionClient : IManifestRepository
{
    private const string C2pa = "application/c2pa";

    /// <summary>A binding value longer than this (base64 characters) is sent in a POST body instead of the URL.</summary>
    private const int MaxUrlValueLength = 2048;

    private readonly HttpClient _http;
    private readonly bool _ownsClient;
    private readonly string _base;

    /// <summary>Creates a client of the API at <paramref name="baseAddress"/> (e.g. <c>https://host/softbinding/v1</c>).</summary>
    /// <param name="baseAddress">The API's base URL: http or https.</param>
    /// <param name="bearerToken">A bearer token sent with every request, or null.</param>
    /// <param name="httpClient">The HTTP client to use (not disposed by this client); null makes one with a 60-second timeout.</param>
    /// <exception cref="ArgumentException"><paramref name="baseAddress"/> is not an absolute http or https URL.</exception>
    public SoftBindingResolutionClient(Uri baseAddress, string? bearerToken = null, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        if (!baseAddress.IsAbsoluteUri || (baseAddress.Scheme != Uri.UriSchemeHttp && baseAddress.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{baseAddress}' is not an http or https URL", nameof(baseAddress));
        }

        _base = baseAddress.ToString().TrimEnd('/');
        _ownsClient = httpClient is null;
        _http = httpClient ?? new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        BearerToken = bearerToken;
    }

    /// <summary>The largest response read, in bytes (default 64 MiB); a longer one fails with <see cref="HttpRequestException"/>.</summary>
    public long MaxResponseBytes { get; init; } = 64L << 20;

    private string? BearerToken { get; }

    /// <summary>
    /// <c>GET /matches/byBinding</c> (or <c>POST</c> for a long value). <paramref name="maxDistance"/> is not part of the
    /// API: the service applies its own. A match's <see cref="BindingMatch.Distance"/> is −1 (the API gives only the score).
    /// </summary>
    /// <inheritdoc/>
    public async Task<IReadOnlyList<BindingMatch>> FindAsync(string algorithm, ReadOnlyMemory<byte> value, int limit = 10, int? maxDistance = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(algorithm);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var text = Convert.ToBase64String(value.Span);
        using var request = text.Length <= MaxUrlValueLength
            ? Request(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"/matches/byBinding?alg={Uri.EscapeDataString(algorithm)}&value={Uri.EscapeDataString(text)}&maxResults={limit}"))
            : Request(HttpMethod.Post, string.Create(CultureInfo.InvariantCulture, $"/matches/byBinding?maxResults={limit}"), JsonContent(new JsonObject { ["alg"] = algorithm, ["value"] = text }));
        return Matches(await SendJsonAsync(request, cancellationToken), algorithm, value.ToArray());
    }

    /// <summary>
    /// <c>POST /matches/byContent</c>: the service computes the soft bindings of <paramref name="asset"/> and returns the
    /// manifests they match, best first.
    /// </summary>
    /// <param name="asset">The asset's bytes.</param>
    /// <param name="mediaType">Its media type, e.g. <c>image/jpeg</c>.</param>
    /// <param name="limit">The most matches returned.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="HttpRequestException">The service refused the request or could not be reached.</exception>
    public async Task<IReadOnlyList<BindingMatch>> FindByContentAsync(ReadOnlyMemory<byte> asset, string mediaType, int limit = 10, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaType);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var content = new ReadOnlyMemoryContent(asset);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var request = Request(HttpMethod.Post, string.Create(CultureInfo.InvariantCulture, $"/matches/byContent?maxResults={limit}"), content);
        return Matches(await SendJsonAsync(request, cancellationToken), "", []);
    }

    /// <summary><c>GET /manifests/{id}</c>: the whole manifest store, or null when the service has none under that id.</summary>
    /// <inheritdoc/>
    public async Task<byte[]?> GetStoreAsync(string manifestId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(manifestId);
        using var request = Request(HttpMethod.Get, $"/manifests/{Uri.EscapeDataString(manifestId)}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(C2pa));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/problem+json", 0.5));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await ReadBoundedAsync(response.Content, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>POST /manifests</c>: the service validates and keeps the store. The result's verdict is <c>NotValidated</c> (the API
    /// does not return the service's verdict) and its bindings are those the store carries.
    /// </summary>
    /// <inheritdoc/>
    public async Task<StoredManifest> StoreAsync(ReadOnlyMemory<byte> manifestStore, CancellationToken cancellationToken = default)
    {
        var content = new ReadOnlyMemoryContent(manifestStore);
        content.Headers.ContentType = new MediaTypeHeaderValue(C2pa);
        using var request = Request(HttpMethod.Post, "/manifests", content);
        var json = await SendJsonAsync(request, cancellationToken).ConfigureAwait(false);
        var id = (json["manifestId"] as JsonValue)?.GetValue<string>() ?? throw new HttpRequestException("the service's answer has no manifestId");
        var bindings = SoftBindingValues.FromStore(manifestStore).Select(b => new StoredBinding(b.Algorithm, b.Value)).ToList();
        return new StoredManifest(id, "NotValidated", [], bindings, manifestStore.Length);
    }

    /// <summary><c>DELETE /manifests/{id}</c>.</summary>
    /// <inheritdoc/>
    public async Task<bool> DeleteAsync(string manifestId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(manifestId);
        using var request = Request(HttpMethod.Delete, $"/manifests/{Uri.EscapeDataString(manifestId)}");
        return await SendNoContentAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>POST /bindings</c> (with the binding's <c>alg</c>, docs/soft-bindings.md).</summary>
    /// <inheritdoc/>
    public async Task<bool> AddBindingAsync(string manifestId, string algorithm, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Post, "/bindings", JsonContent(Binding(manifestId, algorithm, value)));
        return await SendNoContentAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>PUT /bindings</c>.</summary>
    /// <inheritdoc/>
    public async Task<bool> MoveBindingAsync(string? algorithm, ReadOnlyMemory<byte> value, string manifestId, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Put, "/bindings", JsonContent(Binding(manifestId, algorithm, value)));
        return await SendNoContentAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Not offered by the API.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public Task<StoredManifest?> GetAsync(string manifestId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the Soft Binding Resolution API has no route for a manifest's record; use GetStoreAsync");

    /// <summary>Not offered by the API.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public Task<(long Manifests, long Bindings)> CountAsync(CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the Soft Binding Resolution API has no route for counts");

    /// <summary>Disposes the HTTP client when this client made it.</summary>
    public ValueTask DisposeAsync()
    {
        if (_ownsClient)
        {
            _http.Dispose();
        }

        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private static JsonObject Binding(string manifestId, string? algorithm, ReadOnlyMemory<byte> value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(manifestId);
        var json = new JsonObject { ["manifestId"] = manifestId, ["bindingValue"] = Convert.ToBase64String(value.Span) };
        if (algorithm is not null)
        {
            json["alg"] = algorithm;
        }

        return json;
    }

    private static StringContent JsonContent(JsonObject json) => new(json.ToJsonString(), Encoding.UTF8, "application/json");

    private HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, _base + path) { Content = content };
        if (BearerToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BearerToken);
        }

        return request;
    }

    private static List<BindingMatch> Matches(JsonObject json, string algorithm, byte[] value)
    {
        var matches = new List<BindingMatch>();
        foreach (var match in (json["matches"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (match["manifestId"] is not JsonValue id || id.GetValueKind() != JsonValueKind.String || match["endpoint"] is not null)
            {
                continue;
            }

            var score = match["similarityScore"] is JsonValue s && s.TryGetValue<int>(out var n) ? Math.Clamp(n, 0, 100) : 0;
            matches.Add(new BindingMatch(id.GetValue<string>(), algorithm, value, -1, score));
        }

        return matches;
    }

    private async Task<JsonObject> SendJsonAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        var body = await ReadBoundedAsync(response.Content, cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 64 }) as JsonObject ?? throw new HttpRequestException("the service's answer is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new HttpRequestException($"the service's answer is not JSON: {e.Message}", e);
        }
    }

    private async Task<bool> SendNoContentAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Throws with the problem document's detail (RFC 9457) when the service refused.</summary>
    private async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        string? detail = null;
        try
        {
            var body = await ReadBoundedAsync(response.Content, cancellationToken, 64 << 10).ConfigureAwait(false);
            detail = (JsonNode.Parse(body) as JsonObject)?["detail"] is JsonValue d && d.GetValueKind() == JsonValueKind.String ? d.GetValue<string>() : null;
        }
        catch (Exception e) when (e is JsonException or HttpRequestException)
        {
            // No problem document: the status alone says it.
        }

        throw new HttpRequestException($"{(int)response.StatusCode} {response.ReasonPhrase}{(detail is null ? "" : ": " + detail)}".TrimEnd(), null, response.StatusCode);
    }

    private async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken, long? limit = null)
    {
        var max = limit ?? MaxResponseBytes;
        if (content.Headers.ContentLength > max)
        {
            throw new HttpRequestException(string.Create(CultureInfo.InvariantCulture, $"the service's answer is longer than {max} bytes"));
        }

        return await MediaTrust.IO.GuardedHttp.ReadBoundedAsync(content, max, cancellationToken).ConfigureAwait(false)
            ?? throw new HttpRequestException(string.Create(CultureInfo.InvariantCulture, $"the service's answer is longer than {max} bytes"));
    }
}
