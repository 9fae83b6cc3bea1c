using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MediaTrust.Pki;

/// <summary>
/// Loads a DER certificate and reads, up front, every field the checks use: .NET decodes some
/// lazily (validity, extensions), so a corrupt certificate could otherwise throw halfway through a check.
/// Loaded certificates are shared through a small cache keyed by the SHA-256 of their DER: the same
/// signer and CA certificates recur in every manifest of a store and across files, and decoding and
/// freeing them (native OpenSSL objects) was most of a signature check's cost. Callers must not
/// dispose what <see cref="TryLoad"/> returns.
/// </summary>
internal static class CertificateLoader
{
    /// <summary>Bounded: when full it is emptied (a hostile stream of distinct certificates costs no more than no cache).</summary>
    private const int CacheCapacity = 256;

    private static readonly ConcurrentDictionary<Hash256, X509Certificate2> Cache = new();

    [InlineArray(32)]
    private struct Hash256 : IEquatable<Hash256>
    {
        private byte _element;

        public readonly bool Equals(Hash256 other) => ((ReadOnlySpan<byte>)this).SequenceEqual(other);

        public override readonly bool Equals(object? obj) => obj is Hash256 other && Equals(other);

        public override readonly int GetHashCode() => BitConverter.ToInt32(this);
    }

    public static X509Certificate2? TryLoad(ReadOnlySpan<byte> der, out string? problem)
    {
        var key = default(Hash256);
        SHA256.HashData(der, key);
        if (Cache.TryGetValue(key, out var cached))
        {
            problem = null;
            return cached;
        }

        var loaded = Load(der, out problem);
        if (loaded is not null)
        {
            if (Cache.Count >= CacheCapacity)
            {
                Cache.Clear();
            }

            loaded = Cache.GetOrAdd(key, loaded);
        }

        return loaded;
    }

    private static X509Certificate2? Load(ReadOnlySpan<byte> der, out string? problem)
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
