using System.Net.Http.Headers;
using MediaTrust.Formats.Common;
using MediaTrust.IO;
using MediaTrust.Spec;

namespace MediaTrust.Formats.Remote;

/// <summary>What a remote manifest fetch may do. Network access is off unless <see cref="AllowNetwork"/> is set.</summary>
public sealed class RemoteFetchOptions
{
    /// <summary>The default size limit: 32 MiB.</summary>
    public const long DefaultMaxBytes = 32L * 1024 * 1024;

    /// <summary>Whether the fetcher may open a connection at all (default false: remote references stay unresolved).</summary>
    public bool AllowNetwork { get; init; }

    /// <summary>Largest store accepted; a larger <c>Content-Length</c> fails before the body is read, a longer body fails when it passes the limit.</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>Time for the whole exchange: connection, redirects, headers and body.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Redirects followed (http or https only, never https to http).</summary>
    public int MaxRedirects { get; init; } = 5;

    /// <summary>
    /// Whether a loopback address may be contacted (a local mirror or test server; default false). Private, link-local and other
    /// non-public addresses are always refused.
    /// </summary>
    public bool AllowLoopback { get; init; }
}

/// <summary>The outcome of a fetch: the store's bytes, or why there are none (status <c>manifest.inaccessible</c>).</summary>
internal sealed record RemoteFetchResult(byte[]? Store, string? StatusCode, string? Reason, int? HttpStatus)
{
    /// <summary>The spec 2.2 §15.2.2 code for a remote manifest that cannot be obtained.</summary>
    public const string Inaccessible = ValidationStatusCodes.ManifestInaccessible;

    public bool Succeeded => Store is not null;

    public static RemoteFetchResult Failure(string reason, int? httpStatus = null) => new(null, Inaccessible, reason, httpStatus);
}

/// <summary>
/// Fetches a remote manifest store (spec 2.2 §11.4, §15.5.3: an <c>application/c2pa</c> resource named by XMP
/// <c>dcterms:provenance</c> or a Link header). Opt-in, bounded in size and time, redirects only within http(s), never to a non-public address (<see cref="GuardedHttp"/>).
/// The content type is not required to be <c>application/c2pa</c> (servers and CDNs often send
/// <c>application/octet-stream</c>); instead the body must be a JUMBF superbox, which an HTML error page is not.
/// Every failure is a <see cref="RemoteFetchResult"/> with <see cref="RemoteFetchResult.Inaccessible"/>, never an exception,
/// except cancellation by the caller.
/// </summary>
internal static class RemoteManifestFetcher
{
    private const string MediaType = "application/c2pa";

    public static async Task<RemoteFetchResult> FetchAsync(string url, RemoteFetchOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.AllowNetwork)
        {
            return RemoteFetchResult.Failure("network access is not allowed (RemoteFetchOptions.AllowNetwork is off)");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return RemoteFetchResult.Failure($"'{url}' is not an http or https URL");
        }

        using var client = GuardedHttp.CreateClient(options.AllowLoopback);
        var response = await GuardedHttp.GetAsync(client, uri, options.MaxBytes, options.Timeout, options.MaxRedirects,
            (from, to) => (to.Scheme != Uri.UriSchemeHttp && to.Scheme != Uri.UriSchemeHttps) || (from.Scheme == Uri.UriSchemeHttps && to.Scheme != Uri.UriSchemeHttps)
                ? $"redirect from {from.Scheme} to '{to.Scheme}' refused"
                : null,
            request =>
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaType));
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*", 0.1));
            },
            cancellationToken).ConfigureAwait(false);
        if (response.Body is not { } body)
        {
            return RemoteFetchResult.Failure(response.Failure!, response.HttpStatus);
        }

        if (!JumbfStore.StartsWithSuperbox(body))
        {
            return RemoteFetchResult.Failure($"the body ({response.ContentType ?? "no content type"}) is not a JUMBF manifest store", response.HttpStatus);
        }

        return new RemoteFetchResult(body, null, null, response.HttpStatus);
    }
}
