using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;

namespace MediaTrust.Pki;

/// <summary>Obtains RFC 3161 time-stamp tokens for signing (§10.3.2.5).</summary>
public interface ITimeStampProvider
{
    /// <summary>
    /// A DER TimeStampToken whose message imprint is the <paramref name="hash"/> of <paramref name="data"/>
    /// (the CounterSignature ToBeSigned, §10.3.2.5.3).
    /// </summary>
    ValueTask<byte[]> GetTokenAsync(ReadOnlyMemory<byte> data, HashAlgorithmName hash, CancellationToken cancellationToken = default);
}

/// <summary>
/// An RFC 3161 time-stamp authority over HTTP (<c>application/timestamp-query</c>, RFC 3161 §3.4).
/// Requests the TSA's certificates and a nonce, and checks the response against the request.
/// </summary>
public sealed class HttpTimeStampProvider(Uri authority, HttpClient httpClient) : ITimeStampProvider
{
    /// <inheritdoc/>
    public async ValueTask<byte[]> GetTokenAsync(ReadOnlyMemory<byte> data, HashAlgorithmName hash, CancellationToken cancellationToken = default)
    {
        var nonce = RandomNumberGenerator.GetBytes(16);
        nonce[0] &= 0x7F; // a positive INTEGER
        var request = Rfc3161TimestampRequest.CreateFromData(data.Span, hash, requestSignerCertificates: true, nonce: nonce);
        using var content = new ByteArrayContent(request.Encode());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var response = await httpClient.PostAsync(authority, content, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);

        // ProcessResponse checks the status, the imprint, the nonce and that certificates were included.
        var token = request.ProcessResponse(body, out _);
        return token.AsSignedCms().Encode();
    }
}
