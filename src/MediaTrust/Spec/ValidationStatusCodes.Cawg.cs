// The CAWG identity assertion's status codes (CAWG identity assertion 1.3: "Status codes" of §"Validating the identity
// assertion", of "X.509 certificates and COSE signatures" and of "Identity claims aggregation"), in the order of its tables.
namespace MediaTrust.Spec;

public static partial class ValidationStatusCodes
{
    /// <summary>CAWG identity 1.3: the identity assertion, its credential and the signature binding the credential holder to the claim are validated, and the named actor is trusted.</summary>
    public const string CawgIdentityTrusted = "cawg.identity.trusted";

    /// <summary>CAWG identity 1.3: the identity assertion, its credential and its signature are validated, but no root of trust was found for the named actor.</summary>
    public const string CawgIdentityWellFormed = "cawg.identity.well-formed";

    /// <summary>CAWG identity 1.3: the CBOR of the identity assertion is not valid, or lacks a required field.</summary>
    public const string CawgIdentityCborInvalid = "cawg.identity.cbor.invalid";

    /// <summary>CAWG identity 1.3: the identity assertion references an assertion not found in the claim or any ingredient's claim.</summary>
    public const string CawgIdentityAssertionMismatch = "cawg.identity.assertion.mismatch";

    /// <summary>CAWG identity 1.3: the identity assertion references an assertion more than once.</summary>
    public const string CawgIdentityAssertionDuplicate = "cawg.identity.assertion.duplicate";

    /// <summary>CAWG identity 1.3: the identity assertion was signed with a revoked credential.</summary>
    public const string CawgIdentityCredentialRevoked = "cawg.identity.credential_revoked";

    /// <summary>CAWG identity 1.3: the identity assertion does not reference a hard binding assertion.</summary>
    public const string CawgIdentityHardBindingMissing = "cawg.identity.hard_binding_missing";

    /// <summary>CAWG identity 1.3: the identity assertion does not reference the correct hard binding assertion.</summary>
    public const string CawgIdentityHardBindingIncorrect = "cawg.identity.hard_binding_incorrect";

    /// <summary>CAWG identity 1.3: the signer_payload.sig_type of the identity assertion is not recognized.</summary>
    public const string CawgIdentitySigTypeUnknown = "cawg.identity.sig_type.unknown";

    /// <summary>CAWG identity 1.3: the pad1 or pad2 field contains non-zero bytes.</summary>
    public const string CawgIdentityPadInvalid = "cawg.identity.pad.invalid";

    /// <summary>CAWG identity 1.3: the credential can only be validated by downloading material from the Internet, which the validator is configured not to do.</summary>
    public const string CawgIdentityNetworkTrafficBlocked = "cawg.identity.network_traffic_blocked";

    /// <summary>CAWG identity 1.3: the identity signature algorithm is not on the C2PA allowed or deprecated list.</summary>
    public const string CawgX509AlgorithmUnsupported = "cawg.x509.algorithm.unsupported";

    /// <summary>CAWG identity 1.3: the identity signing certificate chains to a CAWG trust anchor.</summary>
    public const string CawgX509CredentialTrusted = "cawg.x509.credential.trusted";

    /// <summary>CAWG identity 1.3: the identity signing certificate does not chain to any configured CAWG trust anchor, or a CA in its chain is revoked.</summary>
    public const string CawgX509CredentialUntrusted = "cawg.x509.credential.untrusted";

    /// <summary>CAWG identity 1.3: the signature over the identity assertion verifies with the signing certificate.</summary>
    public const string CawgX509SignatureValidated = "cawg.x509.signature.validated";

    /// <summary>CAWG identity 1.3: the signature over the identity assertion does not verify with the signing certificate.</summary>
    public const string CawgX509SignatureMismatch = "cawg.x509.signature.mismatch";

    /// <summary>CAWG identity 1.3: no trusted time-stamp; the current time falls within the validity of the named actor's certificate and its CAs.</summary>
    public const string CawgX509SignatureInsideValidity = "cawg.x509.signature.inside_validity";

    /// <summary>CAWG identity 1.3: the time of signing falls outside the validity of the named actor's certificate or a CA up to the anchor.</summary>
    public const string CawgX509SignatureOutsideValidity = "cawg.x509.signature.outside_validity";

    /// <summary>CAWG identity 1.3: the identity time-stamp authority chains to a TSA trust anchor.</summary>
    public const string CawgX509TimeStampTrusted = "cawg.x509.time_stamp.trusted";

    /// <summary>CAWG identity 1.3: the identity time-stamp verifies and meets every requirement.</summary>
    public const string CawgX509TimeStampValidated = "cawg.x509.time_stamp.validated";

    /// <summary>CAWG identity 1.3: an identity time-stamp is malformed (several tokens, no messageImprint…).</summary>
    public const string CawgX509TimeStampMalformed = "cawg.x509.time_stamp.malformed";

    /// <summary>CAWG identity 1.3: the identity time-stamp's signature or messageImprint does not match.</summary>
    public const string CawgX509TimeStampMismatch = "cawg.x509.time_stamp.mismatch";

    /// <summary>CAWG identity 1.3: the identity time-stamp authority cannot be found or chained to an anchor, or uses a disallowed algorithm.</summary>
    public const string CawgX509TimeStampUntrusted = "cawg.x509.time_stamp.untrusted";

    /// <summary>CAWG identity 1.3: the identity time-stamp's time falls outside its authority's certificate validity.</summary>
    public const string CawgX509TimeStampOutsideValidity = "cawg.x509.time_stamp.outside_validity";

    /// <summary>CAWG identity 1.3: a certificate in the identity time-stamp authority's chain is invalid.</summary>
    public const string CawgX509TimeStampCredentialInvalid = "cawg.x509.time_stamp.credential_invalid";

    /// <summary>CAWG identity 1.3: the claimed time of signing (iat) falls within the identity certificate validity.</summary>
    public const string CawgX509TimeOfSigningInsideValidity = "cawg.x509.time_of_signing.inside_validity";

    /// <summary>CAWG identity 1.3: the claimed time of signing (iat) falls outside the identity certificate validity.</summary>
    public const string CawgX509TimeOfSigningOutsideValidity = "cawg.x509.time_of_signing.outside_validity";

    /// <summary>CAWG identity 1.3: the named actor's certificate was not revoked at the time of signing.</summary>
    public const string CawgX509OcspNotRevoked = "cawg.x509.ocsp.not_revoked";

    /// <summary>CAWG identity 1.3: the validator chose not to check OCSP online.</summary>
    public const string CawgX509OcspSkipped = "cawg.x509.ocsp.skipped";

    /// <summary>CAWG identity 1.3: an OCSP responder was asked but gave no answer.</summary>
    public const string CawgX509OcspInaccessible = "cawg.x509.ocsp.inaccessible";

    /// <summary>CAWG identity 1.3: an OCSP response said the certificate status is unknown.</summary>
    public const string CawgX509OcspUnknown = "cawg.x509.ocsp.unknown";

    /// <summary>CAWG identity 1.3: the identity claims aggregation credential passed every validation requirement.</summary>
    public const string CawgIcaCredentialValid = "cawg.ica.credential_valid";

    /// <summary>CAWG identity 1.3: the signature value is not a valid COSE_Sign1.</summary>
    public const string CawgIcaInvalidCoseSign1 = "cawg.ica.invalid_cose_sign1";

    /// <summary>CAWG identity 1.3: the COSE alg header is missing or not an allowed algorithm.</summary>
    public const string CawgIcaInvalidAlg = "cawg.ica.invalid_alg";

    /// <summary>CAWG identity 1.3: the COSE content type header is missing or not application/vc.</summary>
    public const string CawgIcaInvalidContentType = "cawg.ica.invalid_content_type";

    /// <summary>CAWG identity 1.3: the COSE payload is not a valid W3C verifiable credential (1.1 or 2.0).</summary>
    public const string CawgIcaInvalidVerifiableCredential = "cawg.ica.invalid_verifiable_credential";

    /// <summary>CAWG identity 1.3: the credential's issuer is not a DID.</summary>
    public const string CawgIcaInvalidIssuer = "cawg.ica.invalid_issuer";

    /// <summary>CAWG identity 1.3: the issuer DID uses a DID method the validator does not support.</summary>
    public const string CawgIcaDidUnsupportedMethod = "cawg.ica.did_unsupported_method";

    /// <summary>CAWG identity 1.3: the issuer DID could not be resolved to its DID document.</summary>
    public const string CawgIcaDidUnavailable = "cawg.ica.did_unavailable";

    /// <summary>CAWG identity 1.3: the DID document does not parse or has no usable assertionMethod key.</summary>
    public const string CawgIcaInvalidDidDocument = "cawg.ica.invalid_did_document";

    /// <summary>CAWG identity 1.3: the issuer DID is not on the validator's list of trusted identity claims aggregators.</summary>
    public const string CawgIcaUntrustedIssuer = "cawg.ica.untrusted_issuer";

    /// <summary>CAWG identity 1.3: the credential's signature does not verify with the issuer's key.</summary>
    public const string CawgIcaSignatureMismatch = "cawg.ica.signature_mismatch";

    /// <summary>CAWG identity 1.3: the credential's COSE_Sign1 carries a valid RFC 3161 time-stamp.</summary>
    public const string CawgIcaTimeStampValidated = "cawg.ica.time_stamp.validated";

    /// <summary>CAWG identity 1.3: the credential's COSE_Sign1 carries an invalid RFC 3161 time-stamp.</summary>
    public const string CawgIcaTimeStampInvalid = "cawg.ica.time_stamp.invalid";

    /// <summary>CAWG identity 1.3: the credential has no issuanceDate or validFrom.</summary>
    public const string CawgIcaValidFromMissing = "cawg.ica.valid_from.missing";

    /// <summary>CAWG identity 1.3: the credential's issuanceDate or validFrom is invalid or later than a time it is compared with.</summary>
    public const string CawgIcaValidFromInvalid = "cawg.ica.valid_from.invalid";

    /// <summary>CAWG identity 1.3: the credential's expirationDate or validUntil is invalid or earlier than a time it is compared with.</summary>
    public const string CawgIcaValidUntilInvalid = "cawg.ica.valid_until.invalid";

    /// <summary>CAWG identity 1.3: the credential's credentialStatus uses a revocation method the validator does not support.</summary>
    public const string CawgIcaRevocationUnsupported = "cawg.ica.revocation.unsupported";

    /// <summary>CAWG identity 1.3: the credential's revocation status could not be obtained.</summary>
    public const string CawgIcaRevocationUnavailable = "cawg.ica.revocation.unavailable";

    /// <summary>CAWG identity 1.3: the credential was verified as not revoked.</summary>
    public const string CawgIcaCredentialNotRevoked = "cawg.ica.credential.not_revoked";

    /// <summary>CAWG identity 1.3: the credential was found to be revoked.</summary>
    public const string CawgIcaCredentialRevoked = "cawg.ica.credential.revoked";

    /// <summary>CAWG identity 1.3: the credential's c2paAsset does not match the identity assertion's signer_payload.</summary>
    public const string CawgIcaSignerPayloadMismatch = "cawg.ica.signer_payload.mismatch";

    /// <summary>CAWG identity 1.3: the credential's verifiedIdentities is missing, not an array, or empty.</summary>
    public const string CawgIcaVerifiedIdentitiesMissing = "cawg.ica.verified_identities.missing";

    /// <summary>CAWG identity 1.3: an entry of verifiedIdentities is invalid.</summary>
    public const string CawgIcaVerifiedIdentitiesInvalid = "cawg.ica.verified_identities.invalid";

    /// <summary>The CAWG codes: a specification of their own, so <see cref="ValidationStatusInfo.InSpec"/> (C2PA 2.2) is false.</summary>
    private static IEnumerable<ValidationStatusInfo> CawgEntries()
    {
        const ValidationStatusKind S = ValidationStatusKind.Success;
        const ValidationStatusKind I = ValidationStatusKind.Informational;
        const ValidationStatusKind F = ValidationStatusKind.Failure;
        return
        [
            new(CawgIdentityTrusted, S, false, "(CAWG identity 1.3) The identity assertion, its credential and the signature binding the credential holder to the claim are validated, and the named actor is trusted.", "The person or organisation named in this content credential is verified by an authority you trust."),
            new(CawgIdentityWellFormed, S, false, "(CAWG identity 1.3) The identity assertion, its credential and its signature are validated, but no root of trust was found for the named actor.", "The identity statement is intact, but nobody you trust vouches for who made it."),
            new(CawgIdentityCborInvalid, F, false, "(CAWG identity 1.3) The CBOR of the identity assertion is not valid, or lacks a required field.", "An identity statement is damaged."),
            new(CawgIdentityAssertionMismatch, F, false, "(CAWG identity 1.3) The identity assertion references an assertion not found in the claim or any ingredient's claim.", "An identity statement vouches for something that is not in the content credential."),
            new(CawgIdentityAssertionDuplicate, F, false, "(CAWG identity 1.3) The identity assertion references an assertion more than once.", "An identity statement lists the same item twice."),
            new(CawgIdentityCredentialRevoked, F, false, "(CAWG identity 1.3) The identity assertion was signed with a revoked credential.", "The identity was signed with a credential that has been revoked."),
            new(CawgIdentityHardBindingMissing, F, false, "(CAWG identity 1.3) The identity assertion does not reference a hard binding assertion.", "An identity statement is not tied to this file's content."),
            new(CawgIdentityHardBindingIncorrect, F, false, "(CAWG identity 1.3) The identity assertion does not reference the correct hard binding assertion.", "An identity statement is tied to the wrong content fingerprint."),
            new(CawgIdentitySigTypeUnknown, F, false, "(CAWG identity 1.3) The signer_payload.sig_type of the identity assertion is not recognized.", "An identity statement uses a kind of signature this tool does not know."),
            new(CawgIdentityPadInvalid, F, false, "(CAWG identity 1.3) The pad1 or pad2 field contains non-zero bytes.", "An identity statement carries hidden data in its padding."),
            new(CawgIdentityNetworkTrafficBlocked, F, false, "(CAWG identity 1.3) The credential can only be validated by downloading material from the Internet, which the validator is configured not to do.", "Checking this identity needs the Internet, which is switched off."),
            new(CawgX509AlgorithmUnsupported, F, false, "(CAWG identity 1.3) The identity signature algorithm is not on the C2PA allowed or deprecated list.", "The identity was signed with an algorithm that is not allowed."),
            new(CawgX509CredentialTrusted, S, false, "(CAWG identity 1.3) The identity signing certificate chains to a CAWG trust anchor.", "The identity certificate leads to an authority on the identity trust list in use."),
            new(CawgX509CredentialUntrusted, F, false, "(CAWG identity 1.3) The identity signing certificate does not chain to any configured CAWG trust anchor, or a CA in its chain is revoked.", "No authority on the identity trust list in use vouches for this identity certificate."),
            new(CawgX509SignatureValidated, S, false, "(CAWG identity 1.3) The signature over the identity assertion verifies with the signing certificate.", "The identity signature checks out."),
            new(CawgX509SignatureMismatch, F, false, "(CAWG identity 1.3) The signature over the identity assertion does not verify with the signing certificate.", "The identity statement was changed after it was signed."),
            new(CawgX509SignatureInsideValidity, S, false, "(CAWG identity 1.3) No trusted time-stamp; the current time falls within the validity of the named actor's certificate and its CAs.", "The identity certificate is valid now."),
            new(CawgX509SignatureOutsideValidity, F, false, "(CAWG identity 1.3) The time of signing falls outside the validity of the named actor's certificate or a CA up to the anchor.", "The identity certificate was not valid when it signed."),
            new(CawgX509TimeStampTrusted, S, false, "(CAWG identity 1.3) The identity time-stamp authority chains to a TSA trust anchor.", "The identity time-stamp comes from an authority on the trust list in use."),
            new(CawgX509TimeStampValidated, S, false, "(CAWG identity 1.3) The identity time-stamp verifies and meets every requirement.", "A time-stamp proves when the identity was signed."),
            new(CawgX509TimeStampMalformed, I, false, "(CAWG identity 1.3) An identity time-stamp is malformed (several tokens, no messageImprint…).", "The identity time-stamp could not be read, so it was ignored."),
            new(CawgX509TimeStampMismatch, I, false, "(CAWG identity 1.3) The identity time-stamp's signature or messageImprint does not match.", "The identity time-stamp does not belong to this signature, so it was ignored."),
            new(CawgX509TimeStampUntrusted, I, false, "(CAWG identity 1.3) The identity time-stamp authority cannot be found or chained to an anchor, or uses a disallowed algorithm.", "The identity time-stamp comes from an authority not on the trust list in use."),
            new(CawgX509TimeStampOutsideValidity, I, false, "(CAWG identity 1.3) The identity time-stamp's time falls outside its authority's certificate validity.", "The identity time-stamp was made when the authority's certificate was not valid."),
            new(CawgX509TimeStampCredentialInvalid, I, false, "(CAWG identity 1.3) A certificate in the identity time-stamp authority's chain is invalid.", "The identity time-stamp authority's certificate is not valid."),
            new(CawgX509TimeOfSigningInsideValidity, I, false, "(CAWG identity 1.3) The claimed time of signing (iat) falls within the identity certificate validity.", "The time the identity signer claims is plausible."),
            new(CawgX509TimeOfSigningOutsideValidity, I, false, "(CAWG identity 1.3) The claimed time of signing (iat) falls outside the identity certificate validity.", "The time the identity signer claims does not fit the certificate."),
            new(CawgX509OcspNotRevoked, S, false, "(CAWG identity 1.3) The named actor's certificate was not revoked at the time of signing.", "The authority confirmed the identity certificate was not revoked."),
            new(CawgX509OcspSkipped, I, false, "(CAWG identity 1.3) The validator chose not to check OCSP online.", "Revocation of the identity certificate was not checked online (off by default, for privacy)."),
            new(CawgX509OcspInaccessible, I, false, "(CAWG identity 1.3) An OCSP responder was asked but gave no answer.", "The authority could not be reached to ask whether the identity certificate was revoked."),
            new(CawgX509OcspUnknown, I, false, "(CAWG identity 1.3) An OCSP response said the certificate status is unknown.", "The authority does not know the identity certificate."),
            new(CawgIcaCredentialValid, S, false, "(CAWG identity 1.3) The identity claims aggregation credential passed every validation requirement.", "The identity service's credential checks out."),
            new(CawgIcaInvalidCoseSign1, F, false, "(CAWG identity 1.3) The signature value is not a valid COSE_Sign1.", "The identity service's credential is damaged."),
            new(CawgIcaInvalidAlg, F, false, "(CAWG identity 1.3) The COSE alg header is missing or not an allowed algorithm.", "The identity service's credential uses an algorithm that is not allowed."),
            new(CawgIcaInvalidContentType, F, false, "(CAWG identity 1.3) The COSE content type header is missing or not application/vc.", "The identity service's credential is not labelled as a verifiable credential."),
            new(CawgIcaInvalidVerifiableCredential, F, false, "(CAWG identity 1.3) The COSE payload is not a valid W3C verifiable credential (1.1 or 2.0).", "The identity service's credential cannot be read."),
            new(CawgIcaInvalidIssuer, F, false, "(CAWG identity 1.3) The credential's issuer is not a DID.", "The identity service is not named in a verifiable way."),
            new(CawgIcaDidUnsupportedMethod, F, false, "(CAWG identity 1.3) The issuer DID uses a DID method the validator does not support.", "The identity service is named in a way this tool cannot look up."),
            new(CawgIcaDidUnavailable, F, false, "(CAWG identity 1.3) The issuer DID could not be resolved to its DID document.", "The identity service's public key could not be found."),
            new(CawgIcaInvalidDidDocument, F, false, "(CAWG identity 1.3) The DID document does not parse or has no usable assertionMethod key.", "The identity service's published key is unusable."),
            new(CawgIcaUntrustedIssuer, F, false, "(CAWG identity 1.3) The issuer DID is not on the validator's list of trusted identity claims aggregators.", "The identity service is not one you trust."),
            new(CawgIcaSignatureMismatch, F, false, "(CAWG identity 1.3) The credential's signature does not verify with the issuer's key.", "The identity service's credential was altered or forged."),
            new(CawgIcaTimeStampValidated, S, false, "(CAWG identity 1.3) The credential's COSE_Sign1 carries a valid RFC 3161 time-stamp.", "A time-stamp proves when the identity service issued the credential."),
            new(CawgIcaTimeStampInvalid, F, false, "(CAWG identity 1.3) The credential's COSE_Sign1 carries an invalid RFC 3161 time-stamp.", "The identity service's time-stamp is not valid."),
            new(CawgIcaValidFromMissing, F, false, "(CAWG identity 1.3) The credential has no issuanceDate or validFrom.", "The identity service's credential does not say when it starts to be valid."),
            new(CawgIcaValidFromInvalid, F, false, "(CAWG identity 1.3) The credential's issuanceDate or validFrom is invalid or later than a time it is compared with.", "The identity service's credential was not yet valid."),
            new(CawgIcaValidUntilInvalid, F, false, "(CAWG identity 1.3) The credential's expirationDate or validUntil is invalid or earlier than a time it is compared with.", "The identity service's credential has expired."),
            new(CawgIcaRevocationUnsupported, F, false, "(CAWG identity 1.3) The credential's credentialStatus uses a revocation method the validator does not support.", "Whether the identity credential was revoked cannot be checked."),
            new(CawgIcaRevocationUnavailable, F, false, "(CAWG identity 1.3) The credential's revocation status could not be obtained.", "Whether the identity credential was revoked could not be found out."),
            new(CawgIcaCredentialNotRevoked, S, false, "(CAWG identity 1.3) The credential was verified as not revoked.", "The identity credential has not been revoked."),
            new(CawgIcaCredentialRevoked, F, false, "(CAWG identity 1.3) The credential was found to be revoked.", "The identity credential has been revoked."),
            new(CawgIcaSignerPayloadMismatch, F, false, "(CAWG identity 1.3) The credential's c2paAsset does not match the identity assertion's signer_payload.", "The identity credential was issued for other content."),
            new(CawgIcaVerifiedIdentitiesMissing, F, false, "(CAWG identity 1.3) The credential's verifiedIdentities is missing, not an array, or empty.", "The identity credential names no verified identity."),
            new(CawgIcaVerifiedIdentitiesInvalid, F, false, "(CAWG identity 1.3) An entry of verifiedIdentities is invalid.", "One of the verified identities is malformed."),
        ];
    }

    /// <summary>Whether <paramref name="code"/> belongs to the CAWG identity assertion (<c>cawg.</c>): reported on its own axis, it never changes the C2PA state.</summary>
    public static bool IsCawg(string code) => code.StartsWith("cawg.", StringComparison.Ordinal);
}
