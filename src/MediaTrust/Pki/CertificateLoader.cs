using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MediaTrust.Pki;

/// <summary>
/// Loads a DER certificate and reads, up front, every field the checks use: .NET decodes some
/// lazily (validity, extensions), so a corrupt certificate could otherwise throw halfway through a check.
/// </summary>
internal static class CertificateLoader
{
    public static X509Certificate2? TryLoad(ReadOnlySpan<byte> der, out string? problem)
    {
        X509Certificate2? certificate = null;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(der);
            _ = certificate.NotBefore;
            _ = certificate.NotAfter;
            _ = certificate.Subject;
            _ = certificate.Issuer;
            _ = certificate.SerialNumber;
            _ = certificate.PublicKey.Oid.Value;
            _ = certificate.PublicKey.EncodedKeyValue.RawData;
            foreach (var extension in certificate.Extensions)
            {
                switch (extension)
                {
                    case X509BasicConstraintsExtension basic:
                        _ = basic.CertificateAuthority;
                        break;
                    case X509EnhancedKeyUsageExtension eku:
                        _ = eku.EnhancedKeyUsages.Count;
                        break;
                    case X509KeyUsageExtension usage:
                        _ = usage.KeyUsages;
                        break;
                }
            }

            problem = null;
            return certificate;
        }
        catch (CryptographicException e)
        {
            certificate?.Dispose();
            problem = e.Message;
            return null;
        }
    }
}
