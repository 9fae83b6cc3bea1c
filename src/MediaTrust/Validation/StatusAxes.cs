using MediaTrust.Spec;

namespace MediaTrust.Validation;

/// <summary>The axis of a verdict a status code speaks to (docs/validation.md, "Which axis each code speaks to").</summary>
public enum ValidationAxis
{
    /// <summary>The signed bytes changed after signing: a hash or hashed-URI mismatch, or a hash target that is missing.</summary>
    Integrity,

    /// <summary>
    /// What was signed is not well-formed or breaks a rule of the spec (including a claim with no hard binding, or one that
    /// redacts a hard binding: the signer bound nothing, nothing changed); nothing says it changed after signing.
    /// </summary>
    Conformance,

    /// <summary>The claim signature itself (present, verifies, allowed algorithm, signed inside the certificate validity).</summary>
    Signature,

    /// <summary>Whether the signer is on a trust list in use, and its credential.</summary>
    SignerTrust,

    /// <summary>The time-stamp (always informational: an ignored time-stamp is never a failure).</summary>
    TimeStamp,

    /// <summary>Revocation of the signer's certificate.</summary>
    Revocation,

    /// <summary>Something could not be fetched or read at all (remote stores, general errors).</summary>
    Availability,

    /// <summary>Who stands behind the content: CAWG identity assertions (<c>cawg.*</c>), never part of the C2PA state.</summary>
    Identity,
}

/// <summary>Whether what was signed is well-formed (spec 2.2 §15.10: assertions; §15.6: the claim).</summary>
public enum ConformanceStatus
{
    /// <summary>No well-formedness rule failed.</summary>
    Conforming,

    /// <summary>A claim, assertion or manifest rule failed (e.g. a malformed actions list); this is not tampering.</summary>
    Nonconforming,
}

/// <summary>Maps each failure code to the one axis it speaks to, so that, for example, a malformed action list is never reported as tampering.</summary>
public static class StatusAxes
{
    /// <summary>The mismatch codes of the hard-binding checks (spec 2.2 §15.12): the asset's bytes differ from what the claim hashed.</summary>
    private static readonly string[] HardBindingMismatchCodes =
    [
        ValidationStatusCodes.AssertionDataHashMismatch,
        ValidationStatusCodes.AssertionBoxesHashMismatch,
        ValidationStatusCodes.AssertionBoxesHashUnknownBox,
        ValidationStatusCodes.AssertionBmffHashMismatch,
        ValidationStatusCodes.AssertionCollectionHashMismatch,
        ValidationStatusCodes.AssertionCollectionHashIncorrectFileCount,
        ValidationStatusCodes.AssertionMultiAssetHashMismatch,
        ValidationStatusCodes.AssertionMultiAssetHashMissingPart,
    ];

    private static readonly HashSet<string> HardBindingCodes =
        new([.. HardBindingMismatchCodes, ValidationStatusCodes.AssertionDataHashMalformed], StringComparer.Ordinal);

    private static readonly HashSet<string> IntegrityCodes = new(
    [
        .. HardBindingMismatchCodes,
        ValidationStatusCodes.AssertionHashedURIMismatch,
        ValidationStatusCodes.AssertionMissing,
        ValidationStatusCodes.HashedURIMismatch,
        ValidationStatusCodes.HashedURIMissing,
        ValidationStatusCodes.IngredientManifestMismatch,
        ValidationStatusCodes.IngredientManifestMissing,
        ValidationStatusCodes.IngredientClaimSignatureMismatch,
        ValidationStatusCodes.IngredientClaimSignatureMissing,
        ValidationStatusCodes.IngredientHashedURIMismatch,
    ], StringComparer.Ordinal);

    private static readonly HashSet<string> SignatureCodes = new(StringComparer.Ordinal)
    {
        ValidationStatusCodes.ClaimSignatureMismatch,
        ValidationStatusCodes.ClaimSignatureMissing,
        ValidationStatusCodes.ClaimSignatureOutsideValidity,
        ValidationStatusCodes.ClaimMissing,
        ValidationStatusCodes.AlgorithmUnsupported,
    };

    /// <summary>
    /// True for a failure of a hard-binding check (spec 2.2 §15.12: data, box, BMFF, collection or multi-asset hash), the checks
    /// that compare the asset's bytes with the claim. A manifest store validated without its asset (as a manifest repository
    /// keeps it) fails exactly these, and only these say the content differs from what was signed.
    /// </summary>
    public static bool IsHardBindingFailure(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return HardBindingCodes.Contains(code);
    }

    /// <summary>The axis <paramref name="code"/> speaks to.</summary>
    public static ValidationAxis AxisOf(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (ValidationStatusCodes.IsCawg(code))
        {
            return ValidationAxis.Identity;
        }

        if (IntegrityCodes.Contains(code))
        {
            return ValidationAxis.Integrity;
        }

        if (SignatureCodes.Contains(code) || code.StartsWith("claimSignature.", StringComparison.Ordinal))
        {
            return ValidationAxis.Signature;
        }

        if (code.StartsWith("signingCredential.ocsp", StringComparison.Ordinal))
        {
            return ValidationAxis.Revocation;
        }

        if (code.StartsWith("signingCredential.", StringComparison.Ordinal))
        {
            return ValidationAxis.SignerTrust;
        }

        if (code.StartsWith("timeStamp.", StringComparison.Ordinal))
        {
            return ValidationAxis.TimeStamp;
        }

        if (code is ValidationStatusCodes.GeneralError or ValidationStatusCodes.AssertionInaccessible or ValidationStatusCodes.ManifestInaccessible)
        {
            return ValidationAxis.Availability;
        }

        return ValidationAxis.Conformance;
    }
}
