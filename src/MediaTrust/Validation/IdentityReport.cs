namespace MediaTrust.Validation;

/// <summary>
/// The identity axis of a verdict (CAWG identity assertion 1.3): who stands behind the content, kept apart from the
/// C2PA verdict, which a CAWG result never changes.
/// </summary>
public enum IdentityStatus
{
    /// <summary>The active manifest has no identity assertion.</summary>
    None,

    /// <summary>Every identity assertion validates and its credential is trusted (<c>cawg.identity.trusted</c>).</summary>
    Verified,

    /// <summary>The identity assertions validate, but nothing configured vouches for at least one credential (<c>cawg.identity.well-formed</c>).</summary>
    WellFormed,

    /// <summary>An identity assertion is malformed, does not bind to this content, or its signature fails.</summary>
    Invalid,
}

/// <summary>
/// One identity a credential's issuer verified (CAWG identity 1.3, "Verified identities"): a document check, a web
/// site, an affiliation, a social media account or a crypto wallet.
/// </summary>
/// <param name="Type">The verification type, e.g. <c>cawg.social_media</c>.</param>
/// <param name="Name">The name the provider knows the actor by.</param>
/// <param name="Username">The account name at the provider.</param>
/// <param name="Address">A crypto wallet address.</param>
/// <param name="Uri">The web site or account URI.</param>
/// <param name="Method">How the aggregator contacted the provider, e.g. <c>cawg.federated_login</c>.</param>
/// <param name="VerifiedAt">When the identity was verified.</param>
/// <param name="ProviderId">Who verified it: the provider's URI.</param>
/// <param name="ProviderName">Who verified it: the provider's name.</param>
public sealed record VerifiedIdentity(string Type, string? Name, string? Username, string? Address, string? Uri, string? Method,
    DateTimeOffset? VerifiedAt, string? ProviderId, string? ProviderName);

/// <summary>What validating one <c>cawg.identity</c> assertion found.</summary>
/// <param name="Label">The assertion label, e.g. <c>cawg.identity</c> or <c>cawg.identity__1</c>.</param>
/// <param name="Url">The assertion's absolute JUMBF URI.</param>
/// <param name="SignatureType">The signer_payload's sig_type, e.g. <c>cawg.x509.cose</c>; null when the assertion does not decode.</param>
/// <param name="Roles">The named actor's roles (e.g. <c>cawg.creator</c>).</param>
/// <param name="Status">Verified, well-formed but untrusted, or invalid.</param>
/// <param name="Signer">For an X.509 identity: the certificate's subject and issuer and the signing time.</param>
/// <param name="Issuer">For an identity claims aggregation credential: the issuer's DID.</param>
/// <param name="IssuerName">The issuer's name, when the credential gives one.</param>
/// <param name="ValidFrom">The credential's <c>validFrom</c> / <c>issuanceDate</c>.</param>
/// <param name="ValidUntil">The credential's <c>validUntil</c> / <c>expirationDate</c>.</param>
/// <param name="VerifiedIdentities">The identities the aggregator verified (names, web sites, accounts).</param>
/// <param name="ReferencedAssertions">The labels of the assertions the actor vouches for.</param>
/// <param name="Findings">Every <c>cawg.*</c> status entry about this assertion.</param>
public sealed record IdentityAssertionReport(
    string Label,
    string Url,
    string? SignatureType,
    IReadOnlyList<string> Roles,
    IdentityStatus Status,
    SignerSummary? Signer,
    string? Issuer,
    string? IssuerName,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidUntil,
    IReadOnlyList<VerifiedIdentity> VerifiedIdentities,
    IReadOnlyList<string> ReferencedAssertions,
    IReadOnlyList<ValidationFinding> Findings)
{
    /// <summary>
    /// Who this identity names, in one line: the credential's first verified name or user name, else the certificate's
    /// subject (its common name, with the organization when it differs, e.g. <c>Jane Doe (Daily Planet)</c>).
    /// </summary>
    public string? DisplayName =>
        VerifiedIdentities.Select(v => v.Name ?? v.Username ?? v.Address ?? v.Uri).FirstOrDefault(n => n is not null)
        ?? (Signer is not { } signer ? null
            : signer.CommonName is null ? signer.Organization
            : signer.Organization is null || signer.Organization == signer.CommonName ? signer.CommonName
            : $"{signer.CommonName} ({signer.Organization})");
}

/// <summary>
/// Resolves decentralized identifiers (W3C DID 1.0 §7.1) for identity claims aggregation credentials. <c>did:key</c> and
/// <c>did:jwk</c> are resolved offline without one; anything else (e.g. <c>did:web</c>, which needs the network) only
/// through a resolver set on <see cref="ValidationOptions.DidResolver"/>.
/// </summary>
public interface IDidResolver
{
    /// <summary>Resolves <paramref name="did"/> to its DID document (JSON); null when it cannot be resolved.</summary>
    /// <exception cref="NotSupportedException">The resolver does not support the DID's method.</exception>
    Task<string?> ResolveAsync(string did, CancellationToken cancellationToken = default);
}

/// <summary>
/// One of the owner's preferences about AI training and data mining of the asset (CAWG training and data mining
/// assertion, <c>cawg.training-mining</c>; earlier <c>c2pa.training-mining</c>).
/// </summary>
/// <param name="Use">What the preference is about, e.g. <c>cawg.ai_generative_training</c>, <c>cawg.data_mining</c>.</param>
/// <param name="Permission"><c>allowed</c>, <c>notAllowed</c> or <c>constrained</c>.</param>
/// <param name="ConstraintInfo">For <c>constrained</c>: how to obtain permission (free text, often a URL).</param>
public sealed record AiUsePreference(string Use, string Permission, string? ConstraintInfo);
