// One entry per code, in the order of the spec tables (spec 2.2 §15.2.2, Tables 2–4).
namespace MediaTrust.Spec;

/// <summary>
/// Every C2PA validation status code: the codes of spec 2.2 §15.2.2 (Tables 2–4) and its CDDL,
/// <c>assertion.metadata.disallowed</c> (§15.10.3.2.3), and the few codes c2pa-rs still emits that 2.2
/// no longer has (so that we can read them in other tools' output). <see cref="Lookup"/> gives each
/// code's kind, its meaning in the spec, and an explanation for people.
/// </summary>
public static partial class ValidationStatusCodes
{
    /// <summary>Claim signature verified.</summary>
    public const string ClaimSignatureValidated = "claimSignature.validated";

    /// <summary>Signed within the signer certificate's validity period.</summary>
    public const string ClaimSignatureInsideValidity = "claimSignature.insideValidity";

    /// <summary>The signing credential chains to a configured trust anchor.</summary>
    public const string SigningCredentialTrusted = "signingCredential.trusted";

    /// <summary>OCSP says the signing certificate was not revoked at signing time.</summary>
    public const string SigningCredentialOcspNotRevoked = "signingCredential.ocsp.notRevoked";

    /// <summary>The time-stamp is well-formed, its imprint matches and it lies within the TSA certificate validity.</summary>
    public const string TimeStampValidated = "timeStamp.validated";

    /// <summary>The time-stamp authority chains to a TSA trust anchor.</summary>
    public const string TimeStampTrusted = "timeStamp.trusted";

    /// <summary>An assertion's hash matches its reference in the claim.</summary>
    public const string AssertionHashedURIMatch = "assertion.hashedURI.match";

    /// <summary>The data hash matches the asset.</summary>
    public const string AssertionDataHashMatch = "assertion.dataHash.match";

    /// <summary>The box hash matches the asset.</summary>
    public const string AssertionBoxesHashMatch = "assertion.boxesHash.match";

    /// <summary>The BMFF hash matches the asset.</summary>
    public const string AssertionBmffHashMatch = "assertion.bmffHash.match";

    /// <summary>All members of a collection hash match.</summary>
    public const string AssertionCollectionHashMatch = "assertion.collectionHash.match";

    /// <summary>All parts of a multi-asset hash match.</summary>
    public const string AssertionMultiAssetHashMatch = "assertion.multiAssetHash.match";

    /// <summary>A remote assertion was reachable.</summary>
    public const string AssertionAccessible = "assertion.accessible";

    /// <summary>The ingredient's manifest matches the hash recorded in the ingredient assertion.</summary>
    public const string IngredientManifestValidated = "ingredient.manifest.validated";

    /// <summary>The ingredient's claim signature matches the hash recorded in the ingredient assertion.</summary>
    public const string IngredientClaimSignatureValidated = "ingredient.claimSignature.validated";

    /// <summary>A deprecated algorithm was used.</summary>
    public const string AlgorithmDeprecated = "algorithm.deprecated";

    /// <summary>The ingredient has no manifest.</summary>
    public const string IngredientUnknownProvenance = "ingredient.unknownProvenance";

    /// <summary>The manifest uses constructs the validator does not support.</summary>
    public const string ManifestUnknownProvenance = "manifest.unknownProvenance";

    /// <summary>Online OCSP was attempted but gave no answer.</summary>
    public const string SigningCredentialOcspInaccessible = "signingCredential.ocsp.inaccessible";

    /// <summary>The validator chose not to check OCSP online.</summary>
    public const string SigningCredentialOcspSkipped = "signingCredential.ocsp.skipped";

    /// <summary>The claimed time of signing (iat) lies within the certificate validity and not after the time-stamp.</summary>
    public const string TimeOfSigningInsideValidity = "timeOfSigning.insideValidity";

    /// <summary>The claimed time of signing (iat) lies outside the certificate validity or after the time-stamp.</summary>
    public const string TimeOfSigningOutsideValidity = "timeOfSigning.outsideValidity";

    /// <summary>The time-stamp is malformed (also: more than one token, or a bad PKIStatus).</summary>
    public const string TimeStampMalformed = "timeStamp.malformed";

    /// <summary>The time-stamp's signature or message imprint does not match.</summary>
    public const string TimeStampMismatch = "timeStamp.mismatch";

    /// <summary>The time-stamp's genTime lies outside the TSA certificate validity.</summary>
    public const string TimeStampOutsideValidity = "timeStamp.outsideValidity";

    /// <summary>The time-stamp authority is not on the TSA trust list, or uses a disallowed algorithm.</summary>
    public const string TimeStampUntrusted = "timeStamp.untrusted";

    /// <summary>The data hash excludes more than the manifest store.</summary>
    public const string AssertionDataHashAdditionalExclusionsPresent = "assertion.dataHash.additionalExclusionsPresent";

    /// <summary>The hash or signature algorithm is unknown or unsupported.</summary>
    public const string AlgorithmUnsupported = "algorithm.unsupported";

    /// <summary>An action needs an ingredient that is missing or cannot be resolved.</summary>
    public const string AssertionActionIngredientMismatch = "assertion.action.ingredientMismatch";

    /// <summary>The actions assertion is malformed.</summary>
    public const string AssertionActionMalformed = "assertion.action.malformed";

    /// <summary>An actions assertion was redacted.</summary>
    public const string AssertionActionRedacted = "assertion.action.redacted";

    /// <summary>An action needs a redaction that is missing.</summary>
    public const string AssertionActionRedactionMismatch = "assertion.action.redactionMismatch";

    /// <summary>The BMFF hash is malformed.</summary>
    public const string AssertionBmffHashMalformed = "assertion.bmffHash.malformed";

    /// <summary>The BMFF hash does not match the asset.</summary>
    public const string AssertionBmffHashMismatch = "assertion.bmffHash.mismatch";

    /// <summary>The box hash is malformed.</summary>
    public const string AssertionBoxesHashMalformed = "assertion.boxesHash.malformed";

    /// <summary>The box hash does not match, or boxes are out of order.</summary>
    public const string AssertionBoxesHashMismatch = "assertion.boxesHash.mismatch";

    /// <summary>The asset has a box not listed in the box hash.</summary>
    public const string AssertionBoxesHashUnknownBox = "assertion.boxesHash.unknownBox";

    /// <summary>An update manifest's cloud-data references actions.</summary>
    public const string AssertionCloudDataActions = "assertion.cloud-data.actions";

    /// <summary>A hard binding is inside cloud-data.</summary>
    public const string AssertionCloudDataHardBinding = "assertion.cloud-data.hardBinding";

    /// <summary>A cloud-data assertion is incomplete.</summary>
    public const string AssertionCloudDataMalformed = "assertion.cloud-data.malformed";

    /// <summary>The assertion's CBOR is invalid.</summary>
    public const string AssertionCborInvalid = "assertion.cbor.invalid";

    /// <summary>The assertion's JSON or JSON-LD is invalid.</summary>
    public const string AssertionJsonInvalid = "assertion.json.invalid";

    /// <summary>A listed collection member is missing.</summary>
    public const string AssertionCollectionHashIncorrectFileCount = "assertion.collectionHash.incorrectFileCount";

    /// <summary>A collection member URI contains '.' or '..'.</summary>
    public const string AssertionCollectionHashInvalidURI = "assertion.collectionHash.invalidURI";

    /// <summary>The collection hash is incomplete.</summary>
    public const string AssertionCollectionHashMalformed = "assertion.collectionHash.malformed";

    /// <summary>A member or central-directory hash does not match.</summary>
    public const string AssertionCollectionHashMismatch = "assertion.collectionHash.mismatch";

    /// <summary>The data hash has overlapping or negative exclusions.</summary>
    public const string AssertionDataHashMalformed = "assertion.dataHash.malformed";

    /// <summary>The data hash does not match the asset.</summary>
    public const string AssertionDataHashMismatch = "assertion.dataHash.mismatch";

    /// <summary>The hard binding was redacted.</summary>
    public const string AssertionDataHashRedacted = "assertion.dataHash.redacted";

    /// <summary>An assertion's bytes do not match the claim's hashed URI.</summary>
    public const string AssertionHashedURIMismatch = "assertion.hashedURI.mismatch";

    /// <summary>A remote assertion could not be reached.</summary>
    public const string AssertionInaccessible = "assertion.inaccessible";

    /// <summary>An ingredient assertion is incomplete.</summary>
    public const string AssertionIngredientMalformed = "assertion.ingredient.malformed";

    /// <summary>The claim references an assertion that is not in the store.</summary>
    public const string AssertionMissing = "assertion.missing";

    /// <summary>The multi-asset hash is malformed.</summary>
    public const string AssertionMultiAssetHashMalformed = "assertion.multiAssetHash.malformed";

    /// <summary>A part of the multi-asset hash is missing.</summary>
    public const string AssertionMultiAssetHashMissingPart = "assertion.multiAssetHash.missingPart";

    /// <summary>A part of the multi-asset hash does not match.</summary>
    public const string AssertionMultiAssetHashMismatch = "assertion.multiAssetHash.mismatch";

    /// <summary>There is more than one hard binding.</summary>
    public const string AssertionMultipleHardBindings = "assertion.multipleHardBindings";

    /// <summary>An assertion declared redacted is still present.</summary>
    public const string AssertionNotRedacted = "assertion.notRedacted";

    /// <summary>The claim references an assertion in another manifest.</summary>
    public const string AssertionOutsideManifest = "assertion.outsideManifest";

    /// <summary>A manifest redacts its own assertion.</summary>
    public const string AssertionSelfRedacted = "assertion.selfRedacted";

    /// <summary>The time-stamp assertion is malformed.</summary>
    public const string AssertionTimestampMalformed = "assertion.timestamp.malformed";

    /// <summary>An assertion is in the store but not in the claim.</summary>
    public const string AssertionUndeclared = "assertion.undeclared";

    /// <summary>A c2pa.metadata assertion has a field outside the allow-list.</summary>
    public const string AssertionMetadataDisallowed = "assertion.metadata.disallowed";

    /// <summary>The claim's CBOR is invalid.</summary>
    public const string ClaimCborInvalid = "claim.cbor.invalid";

    /// <summary>There is no hard binding.</summary>
    public const string ClaimHardBindingsMissing = "claim.hardBindings.missing";

    /// <summary>A required claim field is missing or wrong.</summary>
    public const string ClaimMalformed = "claim.malformed";

    /// <summary>The claim box was not found.</summary>
    public const string ClaimMissing = "claim.missing";

    /// <summary>There is more than one claim box.</summary>
    public const string ClaimMultiple = "claim.multiple";

    /// <summary>The signature box was not found or its URI cannot be resolved.</summary>
    public const string ClaimSignatureMissing = "claimSignature.missing";

    /// <summary>The claim signature does not verify.</summary>
    public const string ClaimSignatureMismatch = "claimSignature.mismatch";

    /// <summary>The claim was signed outside the signer certificate validity (time-stamp time, or now).</summary>
    public const string ClaimSignatureOutsideValidity = "claimSignature.outsideValidity";

    /// <summary>A catch-all error.</summary>
    public const string GeneralError = "general.error";

    /// <summary>The target of a hashed URI is missing.</summary>
    public const string HashedURIMissing = "hashedURI.missing";

    /// <summary>The target of a hashed URI does not match its hash.</summary>
    public const string HashedURIMismatch = "hashedURI.mismatch";

    /// <summary>The ingredient's signature box is missing.</summary>
    public const string IngredientClaimSignatureMissing = "ingredient.claimSignature.missing";

    /// <summary>The ingredient's signature box does not match the recorded hash.</summary>
    public const string IngredientClaimSignatureMismatch = "ingredient.claimSignature.mismatch";

    /// <summary>The ingredient's manifest is missing.</summary>
    public const string IngredientManifestMissing = "ingredient.manifest.missing";

    /// <summary>The ingredient's manifest does not match the recorded hash.</summary>
    public const string IngredientManifestMismatch = "ingredient.manifest.mismatch";

    /// <summary>A compressed manifest is invalid.</summary>
    public const string ManifestCompressedInvalid = "manifest.compressed.invalid";

    /// <summary>A remote manifest could not be reached.</summary>
    public const string ManifestInaccessible = "manifest.inaccessible";

    /// <summary>There is more than one parentOf ingredient.</summary>
    public const string ManifestMultipleParents = "manifest.multipleParents";

    /// <summary>A time-stamp manifest is invalid.</summary>
    public const string ManifestTimestampInvalid = "manifest.timestamp.invalid";

    /// <summary>A time-stamp manifest has the wrong parents.</summary>
    public const string ManifestTimestampWrongParents = "manifest.timestamp.wrongParents";

    /// <summary>An update manifest contains a forbidden assertion.</summary>
    public const string ManifestUpdateInvalid = "manifest.update.invalid";

    /// <summary>An update manifest does not have exactly one parentOf ingredient.</summary>
    public const string ManifestUpdateWrongParents = "manifest.update.wrongParents";

    /// <summary>The signing credential fails the certificate profile.</summary>
    public const string SigningCredentialInvalid = "signingCredential.invalid";

    /// <summary>OCSP says the signing certificate was revoked.</summary>
    public const string SigningCredentialOcspRevoked = "signingCredential.ocsp.revoked";

    /// <summary>OCSP says the signing certificate's status is unknown.</summary>
    public const string SigningCredentialOcspUnknown = "signingCredential.ocsp.unknown";

    /// <summary>The signing credential does not chain to an applicable trust anchor.</summary>
    public const string SigningCredentialUntrusted = "signingCredential.untrusted";

    /// <summary>(C2PA 2.1, removed in 2.2; c2pa-rs) The signing certificate has expired.</summary>
    public const string SigningCredentialExpired = "signingCredential.expired";

    /// <summary>(C2PA 2.1, removed in 2.2) A manifest is not referenced.</summary>
    public const string ManifestUnreferenced = "manifest.unreferenced";

    /// <summary>(c2pa-rs only) A required claim field is missing.</summary>
    public const string ClaimRequiredMissing = "claim.required.missing";

    /// <summary>(c2pa-rs only) A required assertion field is missing or could not be decoded.</summary>
    public const string AssertionRequiredMissing = "assertion.required.missing";

    /// <summary>(c2pa-rs only) An ingredient hashed URI does not match.</summary>
    public const string IngredientHashedURIMismatch = "ingredient.hashedURI.mismatch";

    /// <summary>(c2pa-rs vendor code) A pre-release construct was found.</summary>
    public const string ComAdobePrerelease = "com.adobe.prerelease";

    /// <summary>(MediaTrust) Ingredient manifests beyond <c>ValidationOptions.MaxIngredientDepth</c> were not validated.</summary>
    public const string IngredientDepthLimit = "mediatrust.ingredient.depthLimit";

    /// <summary>A multi-asset hash could not stand in for a failed hard binding: a part is located in a way MediaTrust does not support.</summary>
    public const string MultiAssetHashNotChecked = "mediatrust.multiAssetHash.notChecked";

    /// <summary>(C2PA 2.4 §15.10.3.2.2) A <c>c2pa.watermarked.bound</c> (or deprecated <c>c2pa.watermarked</c>) action has no soft binding assertion in its manifest.</summary>
    public const string AssertionActionSoftBindingMissing = "assertion.action.softBindingMissing";

    /// <summary>(MediaTrust) A <c>c2pa.soft-binding</c> assertion does not follow the <c>soft-binding-map</c> CDDL (spec 2.4 §18.10.2), so it cannot be used to find the manifest.</summary>
    public const string SoftBindingMalformed = "mediatrust.softBinding.malformed";

    /// <summary>(MediaTrust) A soft binding names an algorithm that is not on the bundled C2PA soft binding algorithm list (spec 2.4 §18.10.4 says it should be).</summary>
    public const string SoftBindingAlgorithmUnlisted = "mediatrust.softBinding.algorithmUnlisted";

    private static readonly Dictionary<string, ValidationStatusInfo> Table = Build();

    /// <summary>All known codes, in the order of the spec tables (success, informational, failure, then legacy).</summary>
    public static IReadOnlyCollection<ValidationStatusInfo> All => Table.Values;

    /// <summary>The catalogue entry for <paramref name="code"/>, or null for a code we do not know (a vendor code).</summary>
    public static ValidationStatusInfo? Lookup(string code) =>
        Table.TryGetValue(code, out var info) ? info : null;

    /// <summary>The kind of <paramref name="code"/>; unknown codes count as failures, the safe reading.</summary>
    public static ValidationStatusKind KindOf(string code) =>
        Lookup(code)?.Kind ?? ValidationStatusKind.Failure;

    private static Dictionary<string, ValidationStatusInfo> Build()
    {
        const ValidationStatusKind S = ValidationStatusKind.Success;
        const ValidationStatusKind I = ValidationStatusKind.Informational;
        const ValidationStatusKind F = ValidationStatusKind.Failure;
        ValidationStatusInfo[] entries =
        [
            new(ClaimSignatureValidated, S, true, "Claim signature verified.", "The claim's digital signature checks out: the claim has not changed since it was signed."),
            new(ClaimSignatureInsideValidity, S, true, "Signed within the signer certificate's validity period.", "The signing certificate was valid at the time that counts (the trusted time-stamp, or now)."),
            new(SigningCredentialTrusted, S, true, "The signing credential chains to a configured trust anchor.", "The signer's certificate leads to an authority on the trust list in use."),
            new(SigningCredentialOcspNotRevoked, S, true, "OCSP says the signing certificate was not revoked at signing time.", "The certificate authority confirmed the signer's certificate was not revoked."),
            new(TimeStampValidated, S, true, "The time-stamp is well-formed, its imprint matches and it lies within the TSA certificate validity.", "A time-stamp proves when the signature existed, and it checks out."),
            new(TimeStampTrusted, S, true, "The time-stamp authority chains to a TSA trust anchor.", "The time-stamp comes from a time-stamp authority on the trust list in use."),
            new(AssertionHashedURIMatch, S, true, "An assertion's hash matches its reference in the claim.", "An assertion is exactly the one the signer referenced."),
            new(AssertionDataHashMatch, S, true, "The data hash matches the asset.", "The file's content is unchanged since signing."),
            new(AssertionBoxesHashMatch, S, true, "The box hash matches the asset.", "The file's content is unchanged since signing."),
            new(AssertionBmffHashMatch, S, true, "The BMFF hash matches the asset.", "The media file's content is unchanged since signing."),
            new(AssertionCollectionHashMatch, S, true, "All members of a collection hash match.", "Every file of the signed collection is unchanged."),
            new(AssertionMultiAssetHashMatch, S, true, "All parts of a multi-asset hash match.", "Every part of the multi-part asset is unchanged."),
            new(AssertionAccessible, S, true, "A remote assertion was reachable.", "An assertion stored elsewhere could be fetched."),
            new(IngredientManifestValidated, S, true, "The ingredient's manifest matches the hash recorded in the ingredient assertion.", "The provenance of an ingredient is the one recorded when it was used."),
            new(IngredientClaimSignatureValidated, S, true, "The ingredient's claim signature matches the hash recorded in the ingredient assertion.", "The signature of an ingredient is the one recorded when it was used."),
            new(AlgorithmDeprecated, I, true, "A deprecated algorithm was used.", "An outdated algorithm was used; it still works but should be replaced."),
            new(IngredientUnknownProvenance, I, true, "The ingredient has no manifest.", "An ingredient came without provenance information."),
            new(ManifestUnknownProvenance, I, true, "The manifest uses constructs the validator does not support.", "Part of the provenance uses features this tool does not understand."),
            new(SigningCredentialOcspInaccessible, I, true, "Online OCSP was attempted but gave no answer.", "The certificate authority could not be reached to ask whether the certificate was revoked."),
            new(SigningCredentialOcspSkipped, I, true, "The validator chose not to check OCSP online.", "Revocation was not checked online (that is off by default, for privacy)."),
            new(TimeOfSigningInsideValidity, I, true, "The claimed time of signing (iat) lies within the certificate validity and not after the time-stamp.", "The time the signer claims to have signed at is plausible."),
            new(TimeOfSigningOutsideValidity, I, true, "The claimed time of signing (iat) lies outside the certificate validity or after the time-stamp.", "The time the signer claims to have signed at does not fit the certificate or the time-stamp."),
            new(TimeStampMalformed, I, true, "The time-stamp is malformed (also: more than one token, or a bad PKIStatus).", "The time-stamp could not be read, so it was ignored."),
            new(TimeStampMismatch, I, true, "The time-stamp's signature or message imprint does not match.", "The time-stamp does not belong to this signature, so it was ignored."),
            new(TimeStampOutsideValidity, I, true, "The time-stamp's genTime lies outside the TSA certificate validity.", "The time-stamp was made when the authority's certificate was not valid, so it was ignored."),
            new(TimeStampUntrusted, I, true, "The time-stamp authority is not on the TSA trust list, or uses a disallowed algorithm.", "The time-stamp comes from an authority not on the trust list in use, so its time was not relied on."),
            new(AssertionDataHashAdditionalExclusionsPresent, I, true, "The data hash excludes more than the manifest store.", "The signature leaves out more of the file than just the provenance data."),
            new(AlgorithmUnsupported, F, true, "The hash or signature algorithm is unknown or unsupported.", "The signature uses an algorithm that is not allowed or not supported."),
            new(AssertionActionIngredientMismatch, F, true, "An action needs an ingredient that is missing or cannot be resolved.", "An edit refers to a source that is missing."),
            new(AssertionActionMalformed, F, true, "The actions assertion is malformed.", "The list of edits is damaged."),
            new(AssertionActionRedacted, F, true, "An actions assertion was redacted.", "The list of edits was removed, which is not allowed."),
            new(AssertionActionRedactionMismatch, F, true, "An action needs a redaction that is missing.", "A recorded redaction does not match what was removed."),
            new(AssertionBmffHashMalformed, F, true, "The BMFF hash is malformed.", "The fingerprint of the media file is damaged."),
            new(AssertionBmffHashMismatch, F, true, "The BMFF hash does not match the asset.", "The media file was changed after signing."),
            new(AssertionBoxesHashMalformed, F, true, "The box hash is malformed.", "The fingerprint of the file is damaged."),
            new(AssertionBoxesHashMismatch, F, true, "The box hash does not match, or boxes are out of order.", "The file was changed after signing."),
            new(AssertionBoxesHashUnknownBox, F, true, "The asset has a box not listed in the box hash.", "The file contains data that was not covered by the signature."),
            new(AssertionCloudDataActions, F, true, "An update manifest's cloud-data references actions.", "Provenance stored elsewhere breaks the rules for updates."),
            new(AssertionCloudDataHardBinding, F, true, "A hard binding is inside cloud-data.", "The file fingerprint is stored elsewhere, which is not allowed."),
            new(AssertionCloudDataMalformed, F, true, "A cloud-data assertion is incomplete.", "A reference to provenance stored elsewhere is damaged."),
            new(AssertionCborInvalid, F, true, "The assertion's CBOR is invalid.", "An assertion is damaged."),
            new(AssertionJsonInvalid, F, true, "The assertion's JSON or JSON-LD is invalid.", "An assertion is damaged."),
            new(AssertionCollectionHashIncorrectFileCount, F, true, "A listed collection member is missing.", "A file of the signed collection is missing."),
            new(AssertionCollectionHashInvalidURI, F, true, "A collection member URI contains '.' or '..'.", "A file reference in the collection is not allowed."),
            new(AssertionCollectionHashMalformed, F, true, "The collection hash is incomplete.", "The fingerprint of the collection is damaged."),
            new(AssertionCollectionHashMismatch, F, true, "A member or central-directory hash does not match.", "A file of the collection was changed after signing."),
            new(AssertionDataHashMalformed, F, true, "The data hash has overlapping or negative exclusions.", "The fingerprint of the file is damaged."),
            new(AssertionDataHashMismatch, F, true, "The data hash does not match the asset.", "The file was changed after signing."),
            new(AssertionDataHashRedacted, F, true, "The hard binding was redacted.", "The file fingerprint was removed, which is not allowed."),
            new(AssertionHashedURIMismatch, F, true, "An assertion's bytes do not match the claim's hashed URI.", "An assertion was changed after signing."),
            new(AssertionInaccessible, F, true, "A remote assertion could not be reached.", "An assertion stored elsewhere could not be fetched."),
            new(AssertionIngredientMalformed, F, true, "An ingredient assertion is incomplete.", "The record of a source is damaged."),
            new(AssertionMissing, F, true, "The claim references an assertion that is not in the store.", "An assertion the signer referenced is missing."),
            new(AssertionMultiAssetHashMalformed, F, true, "The multi-asset hash is malformed.", "The fingerprint of the multi-part asset is damaged."),
            new(AssertionMultiAssetHashMissingPart, F, true, "A part of the multi-asset hash is missing.", "A part of the multi-part asset is missing."),
            new(AssertionMultiAssetHashMismatch, F, true, "A part of the multi-asset hash does not match.", "A part of the multi-part asset was changed after signing."),
            new(AssertionMultipleHardBindings, F, true, "There is more than one hard binding.", "The provenance has more than one file fingerprint, which is not allowed."),
            new(AssertionNotRedacted, F, true, "An assertion declared redacted is still present.", "Data that should have been removed is still there."),
            new(AssertionOutsideManifest, F, true, "The claim references an assertion in another manifest.", "An assertion is taken from somewhere it does not belong."),
            new(AssertionSelfRedacted, F, true, "A manifest redacts its own assertion.", "The provenance removes part of itself, which is not allowed."),
            new(AssertionTimestampMalformed, F, true, "The time-stamp assertion is malformed.", "A time-stamp record is damaged."),
            new(AssertionUndeclared, F, true, "An assertion is in the store but not in the claim.", "There is an assertion the signer did not sign."),
            new(AssertionMetadataDisallowed, F, true, "A c2pa.metadata assertion has a field outside the allow-list.", "A metadata record contains fields that are not allowed."),
            new(ClaimCborInvalid, F, true, "The claim's CBOR is invalid.", "The signed statement is damaged."),
            new(ClaimHardBindingsMissing, F, true, "There is no hard binding.", "The provenance is not tied to the file's content."),
            new(ClaimMalformed, F, true, "A required claim field is missing or wrong.", "The signed statement is incomplete."),
            new(ClaimMissing, F, true, "The claim box was not found.", "The signed statement is missing."),
            new(ClaimMultiple, F, true, "There is more than one claim box.", "There is more than one signed statement where only one is allowed."),
            new(ClaimSignatureMissing, F, true, "The signature box was not found or its URI cannot be resolved.", "The signature is missing."),
            new(ClaimSignatureMismatch, F, true, "The claim signature does not verify.", "The signature does not match: the claim was changed or the signature is damaged."),
            new(ClaimSignatureOutsideValidity, F, true, "The claim was signed outside the signer certificate validity (time-stamp time, or now).", "The signing certificate was not valid at the time that counts (expired or not yet valid)."),
            new(GeneralError, F, true, "A catch-all error.", "Something went wrong that has no more specific code."),
            new(HashedURIMissing, F, true, "The target of a hashed URI is missing.", "Something the signer referenced is missing."),
            new(HashedURIMismatch, F, true, "The target of a hashed URI does not match its hash.", "Something the signer referenced was changed."),
            new(IngredientClaimSignatureMissing, F, true, "The ingredient's signature box is missing.", "The signature of an ingredient is missing."),
            new(IngredientClaimSignatureMismatch, F, true, "The ingredient's signature box does not match the recorded hash.", "The signature of an ingredient differs from the one recorded when it was used."),
            new(IngredientManifestMissing, F, true, "The ingredient's manifest is missing.", "The provenance of an ingredient is missing."),
            new(IngredientManifestMismatch, F, true, "The ingredient's manifest does not match the recorded hash.", "The provenance of an ingredient differs from the one recorded when it was used."),
            new(ManifestCompressedInvalid, F, true, "A compressed manifest is invalid.", "The compressed provenance data is damaged."),
            new(ManifestInaccessible, F, true, "A remote manifest could not be reached.", "Provenance stored elsewhere could not be fetched."),
            new(ManifestMultipleParents, F, true, "There is more than one parentOf ingredient.", "The provenance names more than one parent, which is not allowed."),
            new(ManifestTimestampInvalid, F, true, "A time-stamp manifest is invalid.", "A time-stamp manifest is damaged."),
            new(ManifestTimestampWrongParents, F, true, "A time-stamp manifest has the wrong parents.", "A time-stamp manifest refers to the wrong parent."),
            new(ManifestUpdateInvalid, F, true, "An update manifest contains a forbidden assertion.", "An update to the provenance contains something updates may not contain."),
            new(ManifestUpdateWrongParents, F, true, "An update manifest does not have exactly one parentOf ingredient.", "An update to the provenance does not name exactly one parent."),
            new(SigningCredentialInvalid, F, true, "The signing credential fails the certificate profile.", "The signer's certificate does not meet the rules for signing certificates."),
            new(SigningCredentialOcspRevoked, F, true, "OCSP says the signing certificate was revoked.", "The certificate authority says the signer's certificate was revoked."),
            new(SigningCredentialOcspUnknown, F, true, "OCSP says the signing certificate's status is unknown.", "The certificate authority does not know the signer's certificate."),
            new(SigningCredentialUntrusted, F, true, "The signing credential does not chain to an applicable trust anchor.", "The signer's certificate does not lead to an authority on the trust list in use."),
            new(SigningCredentialExpired, F, false, "(C2PA 2.1, removed in 2.2; c2pa-rs) The signing certificate has expired.", "The signer's certificate had expired (older name for claimSignature.outsideValidity)."),
            new(ManifestUnreferenced, I, false, "(C2PA 2.1, removed in 2.2) A manifest is not referenced.", "A manifest in the file is not used by any other."),
            new(ClaimRequiredMissing, F, false, "(c2pa-rs only) A required claim field is missing.", "The signed statement is incomplete."),
            new(AssertionRequiredMissing, F, false, "(c2pa-rs only) A required assertion field is missing or could not be decoded.", "An assertion is incomplete."),
            new(IngredientHashedURIMismatch, F, false, "(c2pa-rs only) An ingredient hashed URI does not match.", "An ingredient reference was changed."),
            new(MultiAssetHashNotChecked, I, false, "(MediaTrust) A multi-asset hash names a part this validator cannot locate (a BMFF box locator), so it was not used.", "Part of a multi-part file could not be checked separately."),
            new(IngredientDepthLimit, I, false, "(MediaTrust) Ingredient manifests deeper than the configured bound were not validated.", "The chain of ingredients is deeper than this validator follows; the deeper ones were not checked."),
            new(AssertionActionSoftBindingMissing, F, false, "(C2PA 2.4) An action that requires an associated soft binding does not have one.", "The provenance says a watermark was added for finding it again, but records no soft binding."),
            new(SoftBindingMalformed, I, false, "(MediaTrust) A soft binding assertion does not follow the soft-binding-map of spec 2.4 §18.10.2.", "A fingerprint or watermark record is damaged, so it cannot be used to find this provenance again."),
            new(SoftBindingAlgorithmUnlisted, I, false, "(MediaTrust) A soft binding names an algorithm that is not on the C2PA soft binding algorithm list.", "A fingerprint or watermark uses a method not registered with C2PA; other tools may not be able to use it."),
            new(ComAdobePrerelease, F, false, "(c2pa-rs vendor code) A pre-release construct was found.", "The provenance uses a pre-release format."),
            .. CawgEntries(),
        ];
        var table = new Dictionary<string, ValidationStatusInfo>(entries.Length, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            table.Add(entry.Code, entry);
        }

        return table;
    }
}
