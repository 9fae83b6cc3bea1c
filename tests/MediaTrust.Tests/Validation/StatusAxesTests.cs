using System.Text.RegularExpressions;
using MediaTrust.Spec;

namespace MediaTrust.Validation;

/// <summary>
/// The axis of every failure code, reviewed against spec 2.2 §15.2.2.3 (docs/validation.md, "Which axis each code speaks to"):
/// integrity only when signed bytes or bound content changed; conformance when what was signed breaks a rule.
/// </summary>
public sealed partial class StatusAxesTests
{
    /// <summary>Every failure code of the catalogue and the axis it was reviewed to.</summary>
    public static TheoryData<string, ValidationAxis> Reviewed => new()
    {
        // Hash and hashed-URI mismatches, and hash targets that are missing or unexpected: changed after signing.
        { ValidationStatusCodes.AssertionDataHashMismatch, ValidationAxis.Integrity },
        { ValidationStatusCodes.AssertionBoxesHashMismatch, ValidationAxis.Integrity },
        { ValidationStatusCodes.AssertionBoxesHashUnknownBox, ValidationAxis.Integrity },
        { ValidationStatusCodes.AssertionBmffHashMismatch, ValidationAxis.Integrity },
        { ValidationStatusCodes.AssertionCollectionHashMismatch, ValidationAxis.Integrity },
        { ValidationStatusCodes.AssertionCollectionHashIncorrectFileCount, ValidationAxis.Integrity },
        { ValidationStatusCodes.AssertionMultiAssetHashMismatch, ValidationAxis.Integrity },
        { ValidationStatusCodes.AssertionMultiAssetHashMissingPart, ValidationAxis.Integrity },
        { ValidationStatusCodes.AssertionHashedURIMismatch, ValidationAxis.Integrity },
        { ValidationStatusCodes.AssertionMissing, ValidationAxis.Integrity },
        { ValidationStatusCodes.HashedURIMismatch, ValidationAxis.Integrity },
        { ValidationStatusCodes.HashedURIMissing, ValidationAxis.Integrity },
        { ValidationStatusCodes.IngredientManifestMismatch, ValidationAxis.Integrity },
        { ValidationStatusCodes.IngredientManifestMissing, ValidationAxis.Integrity },
        { ValidationStatusCodes.IngredientClaimSignatureMismatch, ValidationAxis.Integrity },
        { ValidationStatusCodes.IngredientClaimSignatureMissing, ValidationAxis.Integrity },
        { ValidationStatusCodes.IngredientHashedURIMismatch, ValidationAxis.Integrity },

        { ValidationStatusCodes.ClaimSignatureMismatch, ValidationAxis.Signature },
        { ValidationStatusCodes.ClaimSignatureMissing, ValidationAxis.Signature },
        { ValidationStatusCodes.ClaimSignatureOutsideValidity, ValidationAxis.Signature },
        { ValidationStatusCodes.ClaimMissing, ValidationAxis.Signature },
        { ValidationStatusCodes.AlgorithmUnsupported, ValidationAxis.Signature },

        { ValidationStatusCodes.SigningCredentialUntrusted, ValidationAxis.SignerTrust },
        { ValidationStatusCodes.SigningCredentialInvalid, ValidationAxis.SignerTrust },
        { ValidationStatusCodes.SigningCredentialExpired, ValidationAxis.SignerTrust },
        { ValidationStatusCodes.SigningCredentialOcspRevoked, ValidationAxis.Revocation },
        { ValidationStatusCodes.SigningCredentialOcspUnknown, ValidationAxis.Revocation },

        { ValidationStatusCodes.GeneralError, ValidationAxis.Availability },
        { ValidationStatusCodes.AssertionInaccessible, ValidationAxis.Availability },
        { ValidationStatusCodes.ManifestInaccessible, ValidationAxis.Availability },

        // What the signer wrote breaks a rule: nothing shows a change after signing.
        { ValidationStatusCodes.AssertionActionIngredientMismatch, ValidationAxis.Conformance },
        { ValidationStatusCodes.AssertionActionMalformed, ValidationAxis.Conformance },
        { ValidationStatusCodes.AssertionActionSoftBindingMissing, ValidationAxis.Conformance }, // spec 2.4: a watermark declared without its soft binding

        { ValidationStatusCodes.AssertionActionRedacted, ValidationAxis.Conformance },
        { ValidationStatusCodes.AssertionActionRedactionMismatch, ValidationAxis.Conformance },
        { ValidationStatusCodes.AssertionBmffHashMalformed, ValidationAxis.Conformance },
        { ValidationStatusCodes.AssertionBoxesHashMalformed, ValidationAxis.Conformance },
        { ValidationStatusCodes.AssertionCloudDataActions, ValidationAxis.Conformance },
        { ValidationStatusCodes.AssertionCloudDataHardBinding, ValidationAxis.Conformance },
        { ValidationStatusCodes.AssertionCloudDataMalformed, ValidationAxis.Conformance },
        { ValidationStatusCodes.AssertionCborInvalid, ValidationAxis.Conformance },
        { ValidationStatusCodes.AssertionJsonInvalid, ValidationAxis.Conformance },
        { ValidationStatusCodes.AssertionCollectionHashInvalidURI, ValidationAxis.Conformance },
        { ValidationStatusCodes.AssertionCollectionHashMalformed, ValidationAxis.Conformance },
        { ValidationStatusCodes.AssertionDataHashMalformed, ValidationAxis.Conformance },
        { ValidationStatusCodes.AssertionDataHashRedacted, ValidationAxis.Conformance }, // the claim redacts a hard binding: a rule the signer broke
        { ValidationStatusCodes.AssertionIngredientMalformed, ValidationAxis.Conformance },
        { ValidationStatusCodes.AssertionMultiAssetHashMalformed, ValidationAxis.Conformance },
        { ValidationStatusCodes.AssertionMultipleHardBindings, ValidationAxis.Conformance },
        { ValidationStatusCodes.AssertionNotRedacted, ValidationAxis.Conformance },
        { ValidationStatusCodes.AssertionOutsideManifest, ValidationAxis.Conformance },
        { ValidationStatusCodes.AssertionSelfRedacted, ValidationAxis.Conformance },
        { ValidationStatusCodes.AssertionTimestampMalformed, ValidationAxis.Conformance },
        { ValidationStatusCodes.AssertionUndeclared, ValidationAxis.Conformance },
        { ValidationStatusCodes.AssertionMetadataDisallowed, ValidationAxis.Conformance },
        { ValidationStatusCodes.AssertionRequiredMissing, ValidationAxis.Conformance },
        { ValidationStatusCodes.ClaimCborInvalid, ValidationAxis.Conformance },
        { ValidationStatusCodes.ClaimHardBindingsMissing, ValidationAxis.Conformance }, // the signed claim binds no content: nothing changed
        { ValidationStatusCodes.ClaimMalformed, ValidationAxis.Conformance },
        { ValidationStatusCodes.ClaimMultiple, ValidationAxis.Conformance },
        { ValidationStatusCodes.ClaimRequiredMissing, ValidationAxis.Conformance },
        { ValidationStatusCodes.ManifestCompressedInvalid, ValidationAxis.Conformance },
        { ValidationStatusCodes.ManifestMultipleParents, ValidationAxis.Conformance },
        { ValidationStatusCodes.ManifestTimestampInvalid, ValidationAxis.Conformance },
        { ValidationStatusCodes.ManifestTimestampWrongParents, ValidationAxis.Conformance },
        { ValidationStatusCodes.ManifestUpdateInvalid, ValidationAxis.Conformance },
        { ValidationStatusCodes.ManifestUpdateWrongParents, ValidationAxis.Conformance },
        { ValidationStatusCodes.ComAdobePrerelease, ValidationAxis.Conformance },
    };

    [Theory]
    [MemberData(nameof(Reviewed))]
    public void Each_failure_code_speaks_to_the_axis_it_was_reviewed_to(string code, ValidationAxis axis) =>
        Assert.Equal(axis, StatusAxes.AxisOf(code));

    [Fact]
    public void Every_failure_code_of_the_catalogue_was_reviewed()
    {
        var reviewed = Reviewed.Select(row => row.Data.Item1).ToHashSet(StringComparer.Ordinal);
        var failures = ValidationStatusCodes.All.Where(c => c.Kind == ValidationStatusKind.Failure && !ValidationStatusCodes.IsCawg(c.Code)).Select(c => c.Code).ToList();

        Assert.All(failures, code => Assert.Contains(code, reviewed));
    }

    [Fact]
    public void Every_cawg_code_speaks_to_the_identity_axis_only()
    {
        var cawg = ValidationStatusCodes.All.Where(c => ValidationStatusCodes.IsCawg(c.Code)).ToList();

        Assert.NotEmpty(cawg);
        Assert.All(cawg, c => Assert.Equal(ValidationAxis.Identity, StatusAxes.AxisOf(c.Code)));
    }

    [Fact]
    public void The_table_in_docs_validation_md_lists_the_codes_of_each_named_axis()
    {
        // The integrity, signature, signer trust, revocation and availability rows name every code of their axis; conformance is "every other".
        var docs = File.ReadAllLines(Path.Combine(RepositoryRoot(), "docs", "validation.md"));
        var rows = new Dictionary<string, ValidationAxis>(StringComparer.Ordinal)
        {
            ["integrity"] = ValidationAxis.Integrity,
            ["signature"] = ValidationAxis.Signature,
            ["signer trust"] = ValidationAxis.SignerTrust,
            ["revocation"] = ValidationAxis.Revocation,
            ["availability"] = ValidationAxis.Availability,
        };
        var failures = ValidationStatusCodes.All.Where(c => c.Kind == ValidationStatusKind.Failure).Select(c => c.Code).ToList();
        foreach (var (name, axis) in rows)
        {
            var row = Assert.Single(docs, line => line.StartsWith($"| {name} |", StringComparison.Ordinal));
            var listed = CodeInBackticks().Matches(row).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);
            var expected = failures.Where(code => StatusAxes.AxisOf(code) == axis).Order(StringComparer.Ordinal);

            Assert.Equal(expected, listed);
        }
    }

    [GeneratedRegex("`([A-Za-z0-9.\\-]+)`")]
    private static partial Regex CodeInBackticks();

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MediaTrust.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (MediaTrust.slnx) was not found above the test binaries");
    }
}
