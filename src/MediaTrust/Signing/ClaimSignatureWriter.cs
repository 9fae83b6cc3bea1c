using MediaTrust.Cose;
using MediaTrust.Pki;

namespace MediaTrust.Signing;

/// <summary>Signs a claim: the signer and the time-stamp authority around the COSE encoding of <see cref="CoseSign1Writer"/>.</summary>
internal static class ClaimSignatureWriter
{
    /// <summary>
    /// Signs <paramref name="claimBytes"/> with <paramref name="signer"/>: builds the protected header,
    /// the Signature1 Sig_structure (§10.3.2.4) and the COSE_Sign1_Tagged. With a
    /// <paramref name="timeStamper"/>, adds a v2 time-stamp (sigTst2) over the CounterSignature
    /// ToBeSigned of the signature field (§10.3.2.5), hashed with the signature's hash.
    /// </summary>
    public static async ValueTask<byte[]> SignAsync(IClaimSigner signer, ReadOnlyMemory<byte> claimBytes,
        CoseUnprotectedHeader? unprotectedHeader = null, int? targetSize = null, long? issuedAt = null,
        ITimeStampProvider? timeStamper = null, CancellationToken cancellationToken = default)
    {
        var chain = new ReadOnlyMemory<byte>[signer.CertificateChain.Count];
        for (var i = 0; i < chain.Length; i++)
        {
            chain[i] = signer.CertificateChain[i].RawData;
        }

        var protectedHeader = CoseSign1Writer.EncodeProtectedHeader(signer.Algorithm, chain, issuedAt);
        var toBeSigned = SigStructure.ForClaimSignature(protectedHeader, claimBytes.Span);
        var signature = await signer.SignAsync(toBeSigned, cancellationToken).ConfigureAwait(false);
        var header = unprotectedHeader ?? new CoseUnprotectedHeader();
        if (timeStamper is not null)
        {
            var counterSigned = SigStructure.ForTimeStamp(protectedHeader, SigStructure.SignatureField(signature));
            var token = await timeStamper.GetTokenAsync(counterSigned, signer.Algorithm.Hash(), cancellationToken).ConfigureAwait(false);
            header = header with { TimeStampTokensV2 = [token] };
        }

        return CoseSign1Writer.Encode(protectedHeader, header, signature, targetSize);
    }
}
