using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Ocsp;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace MediaTrust.Pki;

/// <summary>
/// Online OCSP (RFC 6960 over HTTP POST, Appendix A.1) to the responder named in the certificate's
/// Authority Information Access. Opt-in: the validator never goes online unless given one (§15.9.2).
/// </summary>
public sealed class HttpOcspClient(HttpClient httpClient) : IOcspClient
{
    /// <inheritdoc/>
    public async ValueTask<byte[]?> QueryAsync(X509Certificate2 certificate, X509Certificate2 issuer, CancellationToken cancellationToken = default)
    {
        var responder = ResponderUri(certificate);
        if (responder is null)
        {
            return null;
        }

        using var content = new ByteArrayContent(BuildRequest(certificate, issuer));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/ocsp-request");
        try
        {
            using var response = await httpClient.PostAsync(responder, content, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false)
                : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null; // a timeout
        }
    }

    /// <summary>The first http(s) OCSP responder in the certificate's AIA, or null.</summary>
    public static Uri? ResponderUri(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension is not X509AuthorityInformationAccessExtension aia)
            {
                continue;
            }

            try
            {
                foreach (var uri in aia.EnumerateOcspUris())
                {
                    if (Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https")
                    {
                        return parsed;
                    }
                }
            }
            catch (CryptographicException)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>A DER OCSPRequest for one certificate (CertID with SHA-1, as RFC 5019 responders expect).</summary>
    internal static byte[] BuildRequest(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        var bcIssuer = CertificateKeys.Bouncy(issuer);
        var bcCertificate = CertificateKeys.Bouncy(certificate);
        var generator = new OcspReqGenerator();
        generator.AddRequest(new CertificateID(CertificateID.DigestSha1, bcIssuer, bcCertificate.SerialNumber));
        return generator.Generate().GetEncoded();
    }
}
