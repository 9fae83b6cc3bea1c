using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MediaTrust.Pki;

/// <summary>Reads and writes PEM certificate bundles.</summary>
public static class PemCertificates
{
    /// <summary>Every <c>CERTIFICATE</c> block of <paramref name="pem"/>, in order; other blocks and text are skipped.</summary>
    /// <exception cref="ArgumentException">A CERTIFICATE block is not a certificate.</exception>
    public static IReadOnlyList<X509Certificate2> Parse(string pem)
    {
        var result = new List<X509Certificate2>();
        var rest = pem.AsMemory();
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            var span = rest.Span;
            if (span[fields.Label].SequenceEqual("CERTIFICATE"))
            {
                var der = Convert.FromBase64String(new string(span[fields.Base64Data]));
                try
                {
                    result.Add(X509CertificateLoader.LoadCertificate(der));
                }
                catch (CryptographicException e)
                {
                    throw new ArgumentException($"certificate #{result.Count + 1} of the PEM bundle does not parse: {e.Message}", nameof(pem), e);
                }
            }

            rest = rest[fields.Location.End..];
        }

        return result;
    }

    /// <summary>A PEM bundle of <paramref name="certificates"/>.</summary>
    internal static string ToPem(IEnumerable<X509Certificate2> certificates)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var certificate in certificates)
        {
            builder.Append(PemEncoding.Write("CERTIFICATE", certificate.RawData)).Append('\n');
        }

        return builder.ToString();
    }
}
