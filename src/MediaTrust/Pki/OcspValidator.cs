using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using MediaTrust.Spec;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace MediaTrust.Pki;

/// <summary>Revocation status of the signer certificate (§15.9).</summary>
internal enum RevocationState
{
    /// <summary>Not checked: no usable stapled response and online OCSP off (→ <c>signingCredential.ocsp.skipped</c>).</summary>
    NotChecked,

    /// <summary>An accepted OCSP response says not revoked at the time of signing.</summary>
    NotRevoked,

    /// <summary>An accepted OCSP response says revoked.</summary>
    Revoked,

    /// <summary>An accepted OCSP response says unknown (a failure in C2PA 2.2, informational in c2pa-rs).</summary>
    Unknown,

    /// <summary>Online OCSP was tried and gave no answer.</summary>
    Inaccessible,
}

/// <summary>The revocation outcome and where it came from ("stapled" or "online").</summary>
internal sealed record RevocationResult(RevocationState State, string? Source, IReadOnlyList<PkiFinding> Findings);

/// <summary>Asks an OCSP responder online (RFC 6960). Opt-in: querying can reveal which asset is being validated (§15.9.2).</summary>
public interface IOcspClient
{
    /// <summary>The DER OCSPResponse for <paramref name="certificate"/> issued by <paramref name="issuer"/>, or null when no responder answered.</summary>
    ValueTask<byte[]?> QueryAsync(X509Certificate2 certificate, X509Certificate2 issuer, CancellationToken cancellationToken = default);
}

/// <summary>
/// Decides the revocation status of the signer certificate from OCSP responses (§15.9): stapled
/// ones from <c>rVals</c> first (§15.9.1), then optionally online (§15.9.2). A response counts only
/// if it parses, is successful, names the certificate (CertID: hash of issuer name and key, and the
/// serial), is signed by an authorised responder (the issuer, or a certificate the issuer issued
/// with id-kp-OCSPSigning, RFC 6960 §4.2.2.2), and is current for the attested time.
/// </summary>
internal static class OcspValidator
{
    private static readonly TimeSpan NoNextUpdateWindow = TimeSpan.FromHours(24);

    /// <summary>
    /// The revocation status of <paramref name="signer"/> (§15.9): from the <paramref name="stapled"/> responses,
    /// else from those of <c>c2pa.certificate-status</c> assertions (<paramref name="fromAssertions"/>), else
    /// from <paramref name="online"/> when given. <paramref name="attestedTime"/> is the genTime of a trusted
    /// time-stamp (or null); <paramref name="now"/> the validation time.
    /// </summary>
    public static async ValueTask<RevocationResult> CheckAsync(IReadOnlyList<ReadOnlyMemory<byte>> stapled,
        IReadOnlyList<ReadOnlyMemory<byte>> fromAssertions, X509Certificate2 signer, X509Certificate2? issuer, DateTimeOffset? attestedTime,
        DateTimeOffset now, IOcspClient? online, CancellationToken cancellationToken)
    {
        if (issuer is null)
        {
            return new RevocationResult(RevocationState.NotChecked, null,
                [new(ValidationStatusCodes.SigningCredentialOcspSkipped, "revocation was not checked: the signer's issuer certificate is not available to match OCSP responses")]);
        }

        var notes = new List<string>();
        var stapledOutcome = Evaluate(stapled, signer, issuer, attestedTime, now, notes);
        if (stapledOutcome is not null)
        {
            return Finish(stapledOutcome.Value, "stapled");
        }

        // §15.9: responses that later manifests added in certificate status assertions (§18.18).
        var assertionOutcome = Evaluate(fromAssertions, signer, issuer, attestedTime, now, notes);
        if (assertionOutcome is not null)
        {
            return Finish(assertionOutcome.Value, "certificate-status assertion");
        }

        if (online is null)
        {
            var why = stapled.Count + fromAssertions.Count == 0
                ? "no OCSP response is stapled and online OCSP is off"
                : $"no OCSP response in the manifest store is usable ({string.Join("; ", notes)}) and online OCSP is off";
            return new RevocationResult(RevocationState.NotChecked, null, [new(ValidationStatusCodes.SigningCredentialOcspSkipped, $"revocation was not checked: {why}")]);
        }

        var fetched = await online.QueryAsync(signer, issuer, cancellationToken).ConfigureAwait(false);
        if (fetched is null)
        {
            return new RevocationResult(RevocationState.Inaccessible, "online",
                [new(ValidationStatusCodes.SigningCredentialOcspInaccessible, "the OCSP responder could not be reached")]);
        }

        var onlineOutcome = Evaluate([fetched], signer, issuer, attestedTime, now, notes);
        return onlineOutcome is not null
            ? Finish(onlineOutcome.Value, "online")
            : new RevocationResult(RevocationState.Inaccessible, "online",
                [new(ValidationStatusCodes.SigningCredentialOcspInaccessible, $"the OCSP responder's answer is not usable: {string.Join("; ", notes)}")]);
    }

    /// <summary>
    /// §15.9: the revocation of the CA certificates between the signer and its trust anchor, from the
    /// OCSP responses in the manifest store, else (when online OCSP is on) from the responder each CA's
    /// AIA names. The anchor itself is trusted by configuration. Returns the finding for the first CA found
    /// revoked at the attested time (or now), which makes the signer untrusted; null when none is.
    /// </summary>
    public static async ValueTask<PkiFinding?> CheckAuthoritiesAsync(IReadOnlyList<X509Certificate2> path,
        IReadOnlyList<ReadOnlyMemory<byte>> responses, DateTimeOffset? attestedTime, DateTimeOffset now, IOcspClient? online,
        CancellationToken cancellationToken)
    {
        for (var i = 1; i < path.Count - 1; i++)
        {
            var (authority, issuer) = (path[i], path[i + 1]);
            var notes = new List<string>();
            var outcome = Evaluate(responses, authority, issuer, attestedTime, now, notes);
            if (outcome is null && online is not null && await online.QueryAsync(authority, issuer, cancellationToken).ConfigureAwait(false) is { } fetched)
            {
                outcome = Evaluate([fetched], authority, issuer, attestedTime, now, notes);
            }

            if (outcome is (RevocationState.Revoked, var detail))
            {
                return new(ValidationStatusCodes.SigningCredentialUntrusted,
                    $"the CA certificate '{authority.Subject}' in the signer's chain is revoked: {detail} (§15.9)");
            }
        }

        return null;
    }

    /// <summary>
    /// What one OCSP response says about <paramref name="subject"/> now, when it is usable (successful, about
    /// this certificate, from an authorised responder, current); null with <paramref name="why"/> otherwise.
    /// Signing uses it to vet a response before stapling it.
    /// </summary>
    public static RevocationState? Judge(ReadOnlyMemory<byte> response, X509Certificate2 subject, X509Certificate2 issuer, DateTimeOffset now, out string why)
    {
        var notes = new List<string>();
        var outcome = Evaluate([response], subject, issuer, attestedTime: null, now, notes);
        why = outcome?.Item2 ?? string.Join("; ", notes);
        return outcome?.Item1;
    }

    private static RevocationResult Finish((RevocationState State, string Detail) outcome, string source)
    {
        var code = outcome.State switch
        {
            RevocationState.NotRevoked => ValidationStatusCodes.SigningCredentialOcspNotRevoked,
            RevocationState.Revoked => ValidationStatusCodes.SigningCredentialOcspRevoked,
            _ => ValidationStatusCodes.SigningCredentialOcspUnknown,
        };
        return new RevocationResult(outcome.State, source, [new(code, $"{source} OCSP response: {outcome.Detail}")]);
    }

    /// <summary>The best outcome among <paramref name="responses"/>: not revoked wins (§15.9.1 "try each one"), then revoked, then unknown.</summary>
    private static (RevocationState, string)? Evaluate(IReadOnlyList<ReadOnlyMemory<byte>> responses, X509Certificate2 signer,
        X509Certificate2 issuer, DateTimeOffset? attestedTime, DateTimeOffset now, List<string> notes)
    {
        (RevocationState, string)? revoked = null, unknown = null;
        BcCertificate bcSigner, bcIssuer;
        try
        {
            bcSigner = CertificateKeys.Bouncy(signer);
            bcIssuer = CertificateKeys.Bouncy(issuer);
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidCastException or Org.BouncyCastle.Security.Certificates.CertificateException)
        {
            notes.Add($"a certificate does not parse: {e.Message}");
            return null;
        }

        for (var i = 0; i < responses.Count; i++)
        {
            RevocationState? outcome;
            string note;
            try
            {
                outcome = EvaluateOne(responses[i], bcSigner, bcIssuer, issuer, attestedTime, now, out note);
            }
            catch (Exception e) when (e is IOException or ArgumentException or InvalidCastException or InvalidOperationException
                or OcspException or System.Security.Cryptography.CryptographicException or AsnContentException
                or Org.BouncyCastle.Security.Certificates.CertificateException)
            {
                // Parts BouncyCastle decodes lazily (responder certificates, extensions) can still be corrupt.
                outcome = null;
                note = $"it is malformed: {e.Message}";
            }

            if (outcome is null)
            {
                notes.Add($"response #{i + 1}: {note}");
                continue;
            }

            switch (outcome.Value)
            {
                case RevocationState.NotRevoked:
                    return (RevocationState.NotRevoked, note);
                case RevocationState.Revoked:
                    revoked ??= (RevocationState.Revoked, note);
                    break;
                default:
                    unknown ??= (RevocationState.Unknown, note);
                    break;
            }
        }

        return revoked ?? unknown;
    }

    private static RevocationState? EvaluateOne(ReadOnlyMemory<byte> der, BcCertificate signer, BcCertificate issuer,
        X509Certificate2 issuerCertificate, DateTimeOffset? attestedTime, DateTimeOffset now, out string note)
    {
        BasicOcspResp basic;
        try
        {
            var response = new OcspResp(der.ToArray());
            if (response.Status != OcspRespStatus.Successful)
            {
                note = $"the responder answered with status {response.Status}, not successful";
                return null;
            }

            if (response.GetResponseObject() is not BasicOcspResp parsed)
            {
                note = "not a basic OCSP response";
                return null;
            }

            basic = parsed;
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidCastException or OcspException or InvalidOperationException)
        {
            note = $"does not parse: {e.Message}";
            return null;
        }

        // RFC 6960 §3.2 (1): the response is about this certificate.
        SingleResp? single = null;
        foreach (var candidate in basic.Responses)
        {
            var id = candidate.GetCertID();
            try
            {
                if (id.SerialNumber.Equals(signer.SerialNumber) && id.MatchesIssuer(issuer))
                {
                    single = candidate;
                    break;
                }
            }
            catch (OcspException)
            {
                // An unknown CertID hash algorithm cannot match.
            }
        }

        if (single is null)
        {
            note = "it is not about this certificate (no matching CertID)";
            return null;
        }

        // RFC 6960 §3.2 (2), (3), §4.2.2.2: signed by the issuer or by a responder the issuer authorised.
        if (!IsSignedByAuthorisedResponder(basic, ReadSignedParts(der), issuerCertificate, out var responderNote))
        {
            note = responderNote;
            return null;
        }

        // RFC 6960 §3.2 (4) and §15.9.1: currency.
        var thisUpdate = new DateTimeOffset(DateTime.SpecifyKind(single.ThisUpdate, DateTimeKind.Utc));
        var nextUpdate = single.NextUpdate is { } next ? new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc)) : (DateTimeOffset?)null;
        if (now < thisUpdate)
        {
            note = $"its thisUpdate {thisUpdate.UtcDateTime:u} is after the validation time";
            return null;
        }

        var at = attestedTime ?? now;
        var until = nextUpdate ?? new DateTimeOffset(DateTime.SpecifyKind(basic.ProducedAt, DateTimeKind.Utc)) + NoNextUpdateWindow;
        var current = (attestedTime is not null && at < thisUpdate) || (at >= thisUpdate && at <= until);
        if (!current)
        {
            note = $"it covers {thisUpdate.UtcDateTime:u} to {until.UtcDateTime:u}, not the {(attestedTime is null ? "validation" : "time-stamp")} time {at.UtcDateTime:u}";
            return null;
        }

        var status = single.GetCertStatus();
        switch (status)
        {
            case null:
                note = $"good (thisUpdate {thisUpdate.UtcDateTime:u})";
                return RevocationState.NotRevoked;
            case RevokedStatus revoked:
            {
                var reason = revoked.HasRevocationReason ? revoked.RevocationReason : -1;
                var revokedAt = new DateTimeOffset(DateTime.SpecifyKind(revoked.RevocationTime, DateTimeKind.Utc));
                if (reason == CrlReason.RemoveFromCrl)
                {
                    // §15.9.1: removeFromCRL is equivalent to good.
                    note = "revoked with reason removeFromCRL, which counts as good";
                    return RevocationState.NotRevoked;
                }

                if (attestedTime is { } stamped && revokedAt > stamped)
                {
                    // §15.9.2: revoked only after the trusted time of signing.
                    note = $"revoked at {revokedAt.UtcDateTime:u}, after the time-stamp {stamped.UtcDateTime:u}, so not revoked when signed";
                    return RevocationState.NotRevoked;
                }

                note = $"revoked at {revokedAt.UtcDateTime:u}{(reason >= 0 ? $" (reason {reason})" : string.Empty)}";
                return RevocationState.Revoked;
            }

            default:
                note = "the responder does not know the certificate (status unknown)";
                return RevocationState.Unknown;
        }
    }

    private static bool IsSignedByAuthorisedResponder(BasicOcspResp basic, SignedParts? raw, X509Certificate2 issuer, out string note)
    {
        if (Verifies(basic, raw, issuer))
        {
            note = string.Empty;
            return true;
        }

        foreach (var bcResponder in basic.GetCerts() ?? [])
        {
            X509Certificate2 responder;
            try
            {
                responder = X509CertificateLoader.LoadCertificate(bcResponder.GetEncoded());
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                continue;
            }

            if (!CertificateSignature.Verify(responder, issuer))
            {
                continue;
            }

            var ekus = bcResponder.GetExtendedKeyUsage();
            if (ekus is null || !ekus.Any(e => e.Id == CertificateProfile.OcspSigningEku) || !bcResponder.IsValid(basic.ProducedAt))
            {
                continue;
            }

            if (Verifies(basic, raw, responder))
            {
                note = string.Empty;
                return true;
            }
        }

        note = "it is not signed by the issuer or by a responder the issuer authorised and valid when it answered (RFC 6960 §4.2.2.2)";
        return false;
    }

    private static bool Verifies(BasicOcspResp basic, SignedParts? raw, X509Certificate2 certificate)
    {
        // Verify over the bytes as received (not BouncyCastle's re-encoding), through .NET where possible.
        if (raw is { } parts && CertificateSignature.VerifyData(parts.Tbs.Span, parts.AlgorithmOid, parts.Parameters, parts.Signature, certificate) is { } known)
        {
            return known;
        }

        try
        {
            return basic.Verify(CertificateKeys.Bouncy(certificate).GetPublicKey());
        }
        catch (Exception e) when (e is OcspException or ArgumentException or FormatException or InvalidOperationException or IOException
            or Org.BouncyCastle.Security.InvalidKeyException or Org.BouncyCastle.Security.Certificates.CertificateException)
        {
            return false;
        }
    }

    /// <summary>The signed parts of the BasicOCSPResponse inside an OCSPResponse (RFC 6960 §4.2.1), as received.</summary>
    private readonly record struct SignedParts(ReadOnlyMemory<byte> Tbs, string AlgorithmOid, ReadOnlyMemory<byte> Parameters, byte[] Signature);

    private static SignedParts? ReadSignedParts(ReadOnlyMemory<byte> der)
    {
        try
        {
            var response = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            response.ReadEnumeratedBytes();
            var bytes = response.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
            bytes.ReadObjectIdentifier();
            var basic = new AsnReader(bytes.ReadOctetString(), AsnEncodingRules.DER).ReadSequence();
            var tbs = basic.ReadEncodedValue();
            var algorithm = basic.ReadSequence();
            var oid = algorithm.ReadObjectIdentifier();
            var parameters = algorithm.HasData ? algorithm.ReadEncodedValue() : ReadOnlyMemory<byte>.Empty;
            var signature = basic.ReadBitString(out var unused);
            return unused == 0 ? new SignedParts(tbs, oid, parameters, signature) : null;
        }
        catch (AsnContentException)
        {
            return null;
        }
    }
}
