using System.Reflection;

namespace MediaTrust.Validation;

/// <summary>Whether the bytes the signer vouched for are still the bytes here (hard binding and assertion hashes).</summary>
public enum IntegrityStatus
{
    /// <summary>Every hash that was checked matched.</summary>
    Intact,

    /// <summary>A hash or hashed URI did not match, or a hash target is missing: something changed after signing (docs/validation.md).</summary>
    Tampered,

    /// <summary>The content could not be checked: no hard binding, a malformed one, or one this version cannot compute.</summary>
    NotChecked,
}

/// <summary>Whether the claim signature verifies.</summary>
public enum SignatureStatus
{
    /// <summary>The claim signature verifies over the claim (spec 2.2 §15.7).</summary>
    Valid,

    /// <summary>The claim signature is present but does not verify, or its COSE structure is damaged.</summary>
    Invalid,

    /// <summary>The manifest has no claim signature, or the claim does not name one that resolves.</summary>
    Missing,
}

/// <summary>Whether the signer is on the trust list in use (spec 2.2 §14.4). Never a statement about tampering.</summary>
public enum SignerTrustStatus
{
    /// <summary>The certificate chains to a trust anchor for one of its EKUs, or is on the allow-list.</summary>
    Trusted,

    /// <summary>The signature is sound but nothing in use vouches for the signer.</summary>
    Untrusted,

    /// <summary>The certificate fails the C2PA certificate profile or cannot be read.</summary>
    InvalidCredential,
}

/// <summary>What the time-stamp says (spec 2.2 §15.8).</summary>
public enum TimeStampStatus
{
    /// <summary>No time-stamp: the signer's certificate was checked against the validation time.</summary>
    None,

    /// <summary>A valid time-stamp from a trusted authority fixes the signing time.</summary>
    Trusted,

    /// <summary>A time-stamp is present but could not be relied on (untrusted, mismatched or malformed); it was ignored.</summary>
    Ignored,
}

/// <summary>Revocation of the signer's certificate (spec 2.2 §15.9).</summary>
public enum RevocationStatus
{
    /// <summary>No OCSP answer was available, and online checks are off.</summary>
    NotChecked,

    /// <summary>An OCSP answer says the certificate was not revoked.</summary>
    Good,

    /// <summary>An OCSP answer says the certificate was revoked.</summary>
    Revoked,

    /// <summary>An OCSP answer says the responder does not know the certificate.</summary>
    Unknown,
}

/// <summary>The independent axes of a verdict, kept apart so that, for example, an untrusted signer is never mistaken for tampering.</summary>
public sealed record ValidationAxes(
    IntegrityStatus Integrity,
    SignatureStatus Signature,
    SignerTrustStatus SignerTrust,
    TimeStampStatus TimeStamp,
    RevocationStatus Revocation,
    ManifestSource Source,
    ConformanceStatus Conformance = ConformanceStatus.Conforming)
{
    /// <summary>Who stands behind the content (CAWG identity assertions): never part of the C2PA state.</summary>
    public IdentityStatus Identity { get; init; } = IdentityStatus.None;
}

/// <summary>Who signed the active manifest, and when.</summary>
/// <param name="CommonName">The signer certificate's subject CN.</param>
/// <param name="Organization">The signer certificate's subject O.</param>
/// <param name="Issuer">The issuing CA's organization (or CN).</param>
/// <param name="Algorithm">The signature algorithm, e.g. <c>ES256</c>.</param>
/// <param name="SigningTime">The trusted time-stamp's time, else the claimed time of signing (<c>iat</c>), else null.</param>
public sealed record SignerSummary(string? CommonName, string? Organization, string? Issuer, string? Algorithm, DateTimeOffset? SigningTime);

/// <summary>Why a time-stamp that is present was not relied on (spec 2.2 §15.8): its status code and the reason in words.</summary>
/// <param name="Code">The informational code, e.g. <c>timeStamp.untrusted</c>.</param>
/// <param name="Reason">Why, in words, e.g. "its time-stamping authority is not on the TSA trust lists in use".</param>
/// <param name="Detail">The validator's explanation of the finding.</param>
public sealed record TimeStampNotReliedOn(string Code, string Reason, string Detail);

/// <summary>The outcome of validating an asset's content credentials.</summary>
public sealed class ValidationReport
{
    internal ValidationReport(ValidationState state, ValidationResults results, ValidationAxes axes, SignerSummary? signer, DateTimeOffset validationTime)
    {
        State = state;
        Results = results;
        Axes = axes;
        Signer = signer;
        ValidationTime = validationTime;
    }

    /// <summary>Invalid, Valid or Trusted (spec 2.2 §14.3).</summary>
    public ValidationState State { get; }

    /// <summary>Every status entry, as the spec and c2pa-rs report them.</summary>
    public ValidationResults Results { get; }

    /// <summary>The verdict by axis.</summary>
    public ValidationAxes Axes { get; }

    /// <summary>The active manifest's signer, when its certificate could be read.</summary>
    public SignerSummary? Signer { get; }

    /// <summary>The time the signer's certificate was checked at: the trusted time-stamp's, else the configured or current time.</summary>
    public DateTimeOffset ValidationTime { get; }

    /// <summary>The list that vouched for the signer (its name and issue date), when the signer is trusted; null otherwise.</summary>
    public Pki.TrustListInfo? TrustedBy { get; internal init; }

    /// <summary>The trusted entity that list names for the signer's anchor (TEName), e.g. <c>Google LLC</c>, when it names one.</summary>
    public string? TrustedEntity { get; internal init; }

    /// <summary>The signer trust lists in use for this validation (anchors or allowed certificates): the ones an untrusted verdict was reached against.</summary>
    public IReadOnlyList<Pki.TrustListInfo> TrustListsInUse { get; internal init; } = [];

    /// <summary>Why the time-stamp was not relied on, when one is present but ignored; null otherwise.</summary>
    public TimeStampNotReliedOn? TimeStampNotReliedOn { get; internal init; }

    /// <summary>The engine that produced this report, e.g. <c>MediaTrust 0.1.0</c>.</summary>
    public string Engine { get; } = EngineName;

    /// <summary>Each CAWG identity assertion of the active manifest, validated (empty when there is none).</summary>
    public IReadOnlyList<IdentityAssertionReport> Identities { get; init; } = [];

    /// <summary>
    /// Each CAWG identity assertion of the ingredient manifests validation reached (spec 2.2 §15.11), by manifest label;
    /// a manifest without identity assertions is not listed. Like the active manifest's, their results never change a
    /// C2PA state; their <c>cawg.*</c> codes are in the ingredient's <see cref="ValidationResults.IngredientDeltas"/>.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<IdentityAssertionReport>> IngredientIdentities { get; internal init; } =
        new Dictionary<string, IReadOnlyList<IdentityAssertionReport>>(StringComparer.Ordinal);

    /// <summary>The report of the identity assertion at <paramref name="url"/> (an absolute JUMBF URI), in any manifest; null when none.</summary>
    internal IdentityAssertionReport? IdentityReport(string url) =>
        Identities.Concat(IngredientIdentities.Values.SelectMany(r => r)).FirstOrDefault(r => r.Url == url);

    /// <summary>
    /// The owner's AI training and data mining preferences stated by the active manifest's <c>cawg.training-mining</c>
    /// assertion (empty when there is none or it does not decode). What the manifest says, not a validation result.
    /// </summary>
    public IReadOnlyList<AiUsePreference> TrainingMining { get; init; } = [];

    /// <summary>The active manifest's failures.</summary>
    public IReadOnlyList<ValidationFinding> Failures => Results.ActiveManifest.Failure;

    internal static string EngineName { get; } =
        $"MediaTrust {typeof(ValidationReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0"}";
}
