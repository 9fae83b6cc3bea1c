using System.Security.Cryptography.X509Certificates;
using MediaTrust.Pki;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Ocsp;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;
using MediaTrust.Testing;

namespace MediaTrust.Pki;

internal enum OcspAnswer
{
    Good,
    Revoked,
    RemovedFromCrl,
    Unknown,
}

/// <summary>Builds OCSP responses for tests (BouncyCastle).</summary>
internal static class TestOcspResponder
{
    /// <summary>
    /// A successful OCSP response about <paramref name="subject"/> (issued by <paramref name="issuer"/>),
    /// signed by <paramref name="responder"/> and carrying the responder's certificate.
    /// </summary>
    public static byte[] Respond(IssuedCertificate responder, X509Certificate2 issuer, X509Certificate2 subject, OcspAnswer answer,
        DateTimeOffset thisUpdate, DateTimeOffset? nextUpdate, DateTimeOffset? revokedAt = null)
    {
        var bcIssuer = new BcCertificate(issuer.RawData);
        var bcSubject = new BcCertificate(subject.RawData);
        var bcResponder = new BcCertificate(responder.Certificate.RawData);
        var id = new CertificateID(CertificateID.DigestSha1, bcIssuer, bcSubject.SerialNumber);
        CertificateStatus? status = answer switch
        {
            OcspAnswer.Good => CertificateStatus.Good,
            OcspAnswer.Revoked => new RevokedStatus((revokedAt ?? thisUpdate).UtcDateTime, CrlReason.KeyCompromise),
            OcspAnswer.RemovedFromCrl => new RevokedStatus((revokedAt ?? thisUpdate).UtcDateTime, CrlReason.RemoveFromCrl),
            _ => new UnknownStatus(),
        };

        var generator = new BasicOcspRespGenerator(new RespID(bcResponder.SubjectDN));
        generator.AddResponse(id, status, thisUpdate.UtcDateTime, nextUpdate?.UtcDateTime, null);
        var signature = new Asn1SignatureFactory(TestPki.SignatureAlgorithmFor(responder.PrivateKey), responder.PrivateKey);
        var basic = generator.Generate(signature, [bcResponder], thisUpdate.UtcDateTime);
        return new OCSPRespGenerator().Generate(OCSPRespGenerator.Successful, basic).GetEncoded();
    }
}
