using System.Net;
using System.Net.Sockets;
using System.Text;

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
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            ConnectCallback = ConnectPubliclyAsync,
        };
        using var client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentLength > MaxBytes)
            {
                return null;
            }

            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[MaxBytes + 1];
                var length = 0;
                int read;
                while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), timeout.Token).ConfigureAwait(false)) > 0)
                {
                    length += read;
                }

                return length > MaxBytes ? null : Encoding.UTF8.GetString(buffer, 0, length);
            }
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

    /// <summary>Whether an address is one a resolver may connect to: public unicast only.</summary>
    internal static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }

        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return !(b[0] == 10 || b[0] == 0 || b[0] >= 224 // private, "this network", multicast and reserved
                || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254) // link-local (cloud metadata)
                || (b[0] == 100 && b[1] is >= 64 and <= 127) // carrier-grade NAT
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2) || (b[0] == 198 && b[1] is 18 or 19 or 51) || (b[0] == 203 && b[1] == 0 && b[2] == 113));
        }

        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (b[0] & 0xfe) == 0xfc // unique local
            || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)); // documentation
    }

    /// <summary>Connects only to a public address of the host (shared with the server's by-reference fetch, docs/soft-bindings.md).</summary>
    internal static async ValueTask<Stream> ConnectPubliclyAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken).ConfigureAwait(false);
        var allowed = addresses.Where(IsPublic).ToList();
        if (allowed.Count == 0)
        {
            throw new HttpRequestException($"{context.DnsEndPoint.Host} has no public address; private and loopback addresses are refused");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed.ToArray(), context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
