using System.Net;
using System.Net.Sockets;
using System.Text;
using MediaTrust.IO;

namespace MediaTrust.Validation.Identity;

/// <summary>
/// Resolves <c>did:web</c> identifiers (W3C did:web method: <c>https://host/.well-known/did.json</c> or
/// <c>https://host/path/did.json</c>) for identity claims aggregation credentials. Goes online, so it is used only
/// when set on <see cref="ValidationOptions.DidResolver"/>. HTTPS only, no redirects, bounded in size and time, and it
/// never connects to a loopback, private, link-local or otherwise non-public address (checked on the address actually
/// connected to, so a DNS answer cannot redirect it inside).
/// </summary>
public sealed class WebDidResolver : IDidResolver
{
    /// <summary>The largest DID document accepted, in bytes.</summary>
    public int MaxBytes { get; init; } = Dids.MaxDocumentLength;

    /// <summary>The time allowed for one resolution.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <inheritdoc/>
    /// <exception cref="NotSupportedException">The DID is not a did:web.</exception>
    public async Task<string?> ResolveAsync(string did, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        if (UrlOf(did) is not { } url)
        {
            throw new NotSupportedException($"'{did}' is not a did:web identifier");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var client = GuardedHttp.CreateClient();
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentLength > MaxBytes)
            {
                return null;
            }

            var body = await GuardedHttp.ReadBoundedAsync(response.Content, MaxBytes, timeout.Token).ConfigureAwait(false);
            return body is null ? null : Encoding.UTF8.GetString(body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException)
        {
            return null;
        }
    }

    /// <summary>The HTTPS URL of a did:web's document; null when <paramref name="did"/> is not a well-formed did:web.</summary>
    internal static Uri? UrlOf(string did)
    {
        const string Prefix = "did:web:";
        if (!did.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = did[Prefix.Length..].Split('#')[0].Split(':');
        var host = Uri.UnescapeDataString(parts[0]);
        if (host.Length == 0 || parts.Skip(1).Any(p => p.Length == 0 || p is "." or ".."))
        {
            return null;
        }

        var path = parts.Length == 1 ? "/.well-known/did.json" : "/" + string.Join('/', parts.Skip(1).Select(Uri.UnescapeDataString).Select(Uri.EscapeDataString)) + "/did.json";
        return Uri.TryCreate("https://" + host + path, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps && url.UserInfo.Length == 0 ? url : null;
    }
}
