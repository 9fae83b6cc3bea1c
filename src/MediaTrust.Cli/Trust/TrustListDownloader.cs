using MediaTrust.IO;

namespace MediaTrust.Cli.Trust;

/// <summary>What a trust-list download may do: HTTPS to public addresses only, bounded in size and time.</summary>
internal sealed record TrustListDownloadOptions
{
    /// <summary>The largest list accepted: the official lists are well under 1 MiB.</summary>
    public long MaxBytes { get; init; } = 4L * 1024 * 1024;

    /// <summary>Time for one file: connection, redirects, headers and body.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Redirects followed; each target is held to the same rules.</summary>
    public int MaxRedirects { get; init; } = 5;

    /// <summary>Allows plain http to a loopback address (a local mirror or a test server); never to any other host.</summary>
    public bool AllowLoopbackHttp { get; init; }
}

/// <summary>The downloaded bytes, or why there are none.</summary>
internal sealed record TrustListDownload(byte[]? Content, string? Failure, int? HttpStatus)
{
    public static TrustListDownload Failed(string reason, int? httpStatus = null) => new(null, reason, httpStatus);
}

/// <summary>
/// Fetches a published trust list for <c>trust-list update</c> (docs/cli.md). Only ever called when the user asks:
/// never during validation. HTTPS only (plain http only to loopback, and only when allowed); every address a host
/// resolves to is checked at connect time, so neither a name nor a redirect can reach a private, link-local or loopback
/// address; no proxy, no cookies, no decompression; the body is bounded in size and the exchange in time.
/// </summary>
internal static class TrustListDownloader
{
    public static async Task<TrustListDownload> DownloadAsync(Uri url, TrustListDownloadOptions options, CancellationToken cancellationToken)
    {
        if (Refusal(url, options) is { } refused)
        {
            return TrustListDownload.Failed(refused);
        }

        using var client = GuardedHttp.CreateClient(options.AllowLoopbackHttp);
        var response = await GuardedHttp.GetAsync(client, url, options.MaxBytes, options.Timeout, options.MaxRedirects,
            (_, next) => Refusal(next, options) is { } why ? "redirect refused: " + why : null, null, cancellationToken);
        return new TrustListDownload(response.Body, response.Failure, response.HttpStatus);
    }

    /// <summary>Why a URL may not be fetched, or null: https anywhere public, http only to a loopback host and only when allowed.</summary>
    internal static string? Refusal(Uri url, TrustListDownloadOptions options)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            return $"'{url}' is not an https URL";
        }

        if (url.Scheme == Uri.UriSchemeHttp && !(options.AllowLoopbackHttp && url.IsLoopback))
        {
            return $"'{url}' is plain http: trust lists are fetched over https (http only to a loopback address, with --allow-loopback-http)";
        }

        return null;
    }
}
