using System.Buffers;
using System.Net;
using System.Net.Sockets;

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

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            ConnectCallback = (context, token) => ConnectAsync(context.DnsEndPoint, options.AllowLoopbackHttp, token),
        };
        using var client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var status = (int)response.StatusCode;
                if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    var next = location.IsAbsoluteUri ? location : new Uri(url, location);
                    if (redirects >= options.MaxRedirects)
                    {
                        return TrustListDownload.Failed($"more than {options.MaxRedirects} redirects", status);
                    }

                    if (Refusal(next, options) is { } refusedRedirect)
                    {
                        return TrustListDownload.Failed("redirect refused: " + refusedRedirect, status);
                    }

                    url = next;
                    continue;
                }

                if (status != 200)
                {
                    return TrustListDownload.Failed($"HTTP {status} {response.ReasonPhrase}".TrimEnd(), status);
                }

                if (response.Content.Headers.ContentLength is long declared && declared > options.MaxBytes)
                {
                    return TrustListDownload.Failed($"Content-Length {declared} exceeds the limit of {options.MaxBytes} bytes", status);
                }

                var body = await ReadBoundedAsync(response.Content, options.MaxBytes, timeout.Token);
                return body is null
                    ? TrustListDownload.Failed($"the body exceeds the limit of {options.MaxBytes} bytes", status)
                    : new TrustListDownload(body, null, status);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TrustListDownload.Failed($"no complete response within {options.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            return TrustListDownload.Failed("request failed: " + e.Message);
        }
        catch (IOException e)
        {
            return TrustListDownload.Failed("connection failed: " + e.Message);
        }
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

    /// <summary>Connects to the first acceptable address of the host: a public one, or loopback when allowed.</summary>
    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool allowLoopback, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endPoint.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken);
        IPAddress[] acceptable = [.. addresses.Where(a => IsPublic(a) || (allowLoopback && IPAddress.IsLoopback(a)))];
        if (acceptable.Length == 0)
        {
            throw new HttpRequestException($"{endPoint.Host} has no public address (private, loopback and link-local addresses are refused)");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(acceptable, endPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// True for a globally routable unicast address: not unspecified, loopback, private (RFC 1918, unique local),
    /// shared (RFC 6598), link-local, multicast, documentation or reserved.
    /// </summary>
    internal static bool IsPublic(IPAddress address)
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

    /// <summary>Reads at most <paramref name="maxBytes"/> bytes; null when the body is longer.</summary>
    private static async Task<byte[]?> ReadBoundedAsync(HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var output = new MemoryStream();
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
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
}
