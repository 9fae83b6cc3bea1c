using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MediaTrust.IO;

/// <summary>
/// How every outbound fetch of MediaTrust talks HTTP (remote manifest stores, spec 2.2 §11.4; did:web documents; trust-list
/// downloads by the CLI, which compiles this same file): only when the caller asked, only to public addresses (checked on each
/// address actually connected to, so neither a DNS answer nor a redirect reaches a private, link-local or loopback host), no
/// proxy, no cookies, no decompression, no redirect followed behind the caller's back, and a body bounded in size
/// (docs/robustness.md).
/// </summary>
internal static class GuardedHttp
{
    /// <summary>
    /// A client connecting only to public addresses (and loopback when <paramref name="allowLoopback"/>, for a local mirror or
    /// test server). It follows no redirect itself and has no time limit of its own: the caller bounds the exchange.
    /// </summary>
    public static HttpClient CreateClient(bool allowLoopback = false)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            ConnectCallback = (context, token) => ConnectAsync(context.DnsEndPoint, allowLoopback, token),
        };
        return new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    /// <summary>
    /// GETs <paramref name="url"/> and reads its body: redirects are followed one by one (at most <paramref name="maxRedirects"/>,
    /// each first put to <paramref name="refuseRedirect"/>, which names why a hop from one URL to the next is refused, or returns
    /// null), only a 200 is a success, a declared or actual body over <paramref name="maxBytes"/> fails, and the whole exchange
    /// has <paramref name="timeout"/>. Every failure is a <see cref="GuardedResponse"/> with its reason; only cancellation by the
    /// caller throws.
    /// </summary>
    public static async Task<GuardedResponse> GetAsync(HttpClient client, Uri url, long maxBytes, TimeSpan timeout, int maxRedirects,
        Func<Uri, Uri, string?> refuseRedirect, Action<HttpRequestMessage>? prepare, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                prepare?.Invoke(request);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    var next = location.IsAbsoluteUri ? location : new Uri(url, location);
                    if (redirects >= maxRedirects)
                    {
                        return GuardedResponse.Failed($"more than {maxRedirects} redirects", status);
                    }

                    if (refuseRedirect(url, next) is { } refused)
                    {
                        return GuardedResponse.Failed(refused, status);
                    }

                    url = next;
                    continue;
                }

                if (status != 200)
                {
                    return GuardedResponse.Failed($"HTTP {status} {response.ReasonPhrase}".TrimEnd(), status);
                }

                if (response.Content.Headers.ContentLength is long declared && declared > maxBytes)
                {
                    return GuardedResponse.Failed($"Content-Length {declared} exceeds the limit of {maxBytes} bytes", status);
                }

                var body = await ReadBoundedAsync(response.Content, maxBytes, deadline.Token).ConfigureAwait(false);
                return body is null
                    ? GuardedResponse.Failed($"the body exceeds the limit of {maxBytes} bytes", status)
                    : new GuardedResponse(body, null, status, response.Content.Headers.ContentType?.MediaType);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return GuardedResponse.Failed(string.Create(CultureInfo.InvariantCulture, $"no complete response within {timeout.TotalSeconds:0.###} s"));
        }
        catch (HttpRequestException e)
        {
            return GuardedResponse.Failed("request failed: " + e.Message, e.StatusCode is { } code ? (int)code : null);
        }
        catch (IOException e)
        {
            return GuardedResponse.Failed("connection failed: " + e.Message);
        }
    }

    /// <summary>Reads at most <paramref name="maxBytes"/> bytes of a body; null when the body is longer.</summary>
    public static async Task<byte[]?> ReadBoundedAsync(HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await ReadBoundedAsync(stream, maxBytes, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads at most <paramref name="maxBytes"/> bytes of <paramref name="stream"/> (a response or a request body); null
    /// when it holds more, so nothing past the limit is kept in memory.
    /// </summary>
    public static async Task<byte[]?> ReadBoundedAsync(Stream stream, long maxBytes, CancellationToken cancellationToken)
    {
        using var output = new MemoryStream();
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (output.Length + read > maxBytes)
                {
                    return null;
                }

                output.Write(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return output.ToArray();
    }

    /// <summary>
    /// True for a globally routable unicast address: not unspecified, loopback, private (RFC 1918, unique local),
    /// shared (RFC 6598), link-local (cloud metadata), multicast, broadcast, documentation or reserved.
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var length);
        if (length == 4)
        {
            var (a, b) = (bytes[0], bytes[1]);
            return !(a is 0 or 10 or 127 or >= 224
                || (a == 100 && b is >= 64 and < 128)
                || (a == 169 && b == 254)
                || (a == 172 && b is >= 16 and < 32)
                || (a == 192 && b == 168)
                || (a == 192 && b == 0 && bytes[2] is 0 or 2)
                || (a == 198 && b is 18 or 19)
                || (a == 198 && b == 51 && bytes[2] == 100)
                || (a == 203 && b == 0 && bytes[2] == 113));
        }

        return !(address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast
            || (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0d && bytes[3] == 0xb8) // 2001:db8::/32 documentation
            || bytes[..12].SequenceEqual((ReadOnlySpan<byte>)[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); // ::/96, IPv4-compatible
    }

    /// <summary>Connects to the first acceptable address of the host: a public one, or loopback when allowed.</summary>
    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool allowLoopback, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endPoint.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken).ConfigureAwait(false);
        IPAddress[] acceptable = [.. addresses.Where(a => IsPublic(a) || (allowLoopback && IPAddress.IsLoopback(a)))];
        if (acceptable.Length == 0)
        {
            throw new HttpRequestException($"{endPoint.Host} has no public address (private, loopback and link-local addresses are refused)");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(acceptable, endPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>What <see cref="GuardedHttp.GetAsync"/> brought back: the body, or why there is none, and the last HTTP status.</summary>
internal sealed record GuardedResponse(byte[]? Body, string? Failure, int? HttpStatus, string? ContentType)
{
    public static GuardedResponse Failed(string reason, int? httpStatus = null) => new(null, reason, httpStatus, null);
}
