using System.Security.Cryptography.X509Certificates;
using MediaTrust.Cose;

namespace MediaTrust.Pki;

/// <summary>
/// Signs C2PA claims. Implement it to sign with an HSM, a cloud KMS or a remote service; the key
/// never has to be in this process. <see cref="PemClaimSigner"/> is the implementation for keys in
/// PEM files.
/// </summary>
public interface IClaimSigner
{
    /// <summary>The COSE algorithm of the signatures this signer makes (§13.2.1).</summary>
    SigningAlgorithm Algorithm { get; }

    /// <summary>The signer's certificate first, then intermediates; not the root (§14.5, x5chain).</summary>
    IReadOnlyList<X509Certificate2> CertificateChain { get; }

    /// <summary>
    /// Signs <paramref name="toBeSigned"/> (the COSE Sig_structure). ECDSA signatures must be raw
    /// r‖s (IEEE P1363), as COSE requires, not DER.
    /// </summary>
    ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> toBeSigned, CancellationToken cancellationToken = default);
}
