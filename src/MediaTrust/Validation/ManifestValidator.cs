using MediaTrust.Assertions;
using MediaTrust.Manifests;
using MediaTrust.Pki;
using MediaTrust.Spec;

namespace MediaTrust.Validation;

/// <summary>
/// Validates a manifest store as spec 2.2 §15 lays out: for every manifest the claim (§15.6), its
/// signature and credential (§15.7–15.9) and its assertions (§15.10); for every ingredient the
/// manifest it points to (§15.11); and, for the active manifest, the asset's content (§15.12).
/// Bad input becomes findings; nothing here throws for a hostile file.
/// </summary>
internal sealed partial class ManifestValidator
{
    private readonly ManifestStore _store;
    private readonly ValidationOptions _options;
    private readonly Dictionary<string, ManifestCheck> _checked = new(StringComparer.Ordinal);

    /// <summary>Each assertion is decoded at most once per validation, whatever number of rules read it.</summary>
    private readonly Dictionary<Assertions.Assertion, (System.Text.Json.Nodes.JsonNode? Node, MalformedContentException? Error)> _decoded =
        new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, IReadOnlyList<IdentityAssertionReport>> _ingredientIdentities = new(StringComparer.Ordinal);
    private HashSet<string>? _redacted;
    private (Dictionary<string, List<AssertionTimeStamp>> TimeStamps, List<ReadOnlyMemory<byte>> Ocsp)? _evidence;

    public ManifestValidator(ManifestStore store, ValidationOptions options)
    {
        _store = store;
        _options = options;
    }

    /// <summary>Validates the store's active manifest against <paramref name="asset"/>, and every ingredient manifest it reaches.</summary>
    public async Task<ValidationReport> ValidateAsync(AssetContext? asset, CancellationToken cancellationToken = default)
    {
        var active = _store.ActiveManifest ?? throw new InvalidOperationException("the store has no manifest");
        var activeCheck = await CheckManifestAsync(active, cancellationToken);
        var findings = new List<ValidationFinding>(activeCheck.Findings);

        // §15.5.2.1: several embedded stores are all invalid, as if none had been found. PDF is the
        // exception: each incremental update may legitimately append a store (§15.5.2.2).
        if (asset is { Source: ManifestSource.Embedded } && asset.Layout.Stores.Count > 1 && asset.Format is not { AllowsSeveralStores: true })
        {
            findings.Add(new(ValidationStatusCodes.GeneralError, null,
                $"the asset embeds {asset.Layout.Stores.Count} C2PA manifest stores; spec 2.2 §15.5.2.1 makes all of them invalid, as if the asset had no manifest"));
        }

        // §15.12: the content is bound by the active manifest, or for an update manifest by the
        // first standard manifest up its chain of parentOf ingredients.
        var integrity = CheckContent(active, asset, findings, cancellationToken);

        // CAWG identity 1.3: the identity assertions of the active manifest, on their own axis.
        var identities = await CheckIdentityAssertionsAsync(active, activeCheck.Signature, findings, cancellationToken);

        var deltas = new List<IngredientDelta>();
        await CollectIngredientDeltasAsync(active, deltas, new HashSet<string>(StringComparer.Ordinal), 0, cancellationToken);

        var state = StateOf(findings, activeCheck.Signature);
        var axes = new ValidationAxes(
            findings.Any(IsIntegrityFailure) ? IntegrityStatus.Tampered : integrity,
            SignatureOf(activeCheck),
            TrustOf(activeCheck.Signature),
            activeCheck.Signature?.TimeStamp.State switch
            {
                TimeStampState.Trusted => TimeStampStatus.Trusted,
                TimeStampState.Ignored => TimeStampStatus.Ignored,
                _ => TimeStampStatus.None,
            },
            activeCheck.Signature?.Revocation.State switch
            {
                RevocationState.NotRevoked => RevocationStatus.Good,
                RevocationState.Revoked => RevocationStatus.Revoked,
                RevocationState.Unknown => RevocationStatus.Unknown,
                _ => RevocationStatus.NotChecked,
            },
            asset?.Source ?? ManifestSource.Sidecar,
            findings.Any(f => f.Kind == ValidationStatusKind.Failure && StatusAxes.AxisOf(f.Code) == ValidationAxis.Conformance)
                ? ConformanceStatus.Nonconforming
                : ConformanceStatus.Conforming)
        {
            Identity = Combine(identities),
        };
        var results = new ValidationResults(StatusCodes.From(findings), deltas);
        var validationTime = activeCheck.Signature?.ValidityTime ?? _options.ValidationTime ?? DateTimeOffset.UtcNow;
        return new ValidationReport(state, results, axes, SignerOf(activeCheck), validationTime)
        {
            Identities = identities,
            IngredientIdentities = _ingredientIdentities.Where(p => p.Value.Count > 0).ToDictionary(StringComparer.Ordinal),
            TrainingMining = TrainingMiningOf(active),
            TrustedBy = activeCheck.Signature?.Anchor?.List ?? activeCheck.Signature?.AllowList,
            TrustedEntity = activeCheck.Signature?.Anchor?.EntityName,
            TrustListsInUse = _options.Trust.SignerLists,
            TimeStampNotReliedOn = NotReliedOn(activeCheck.Signature?.TimeStamp),
        };
    }

    /// <summary>The preferences of the manifest's first training-and-mining assertion; none when it is absent or malformed.</summary>
    private static List<AiUsePreference> TrainingMiningOf(Manifest manifest)
    {
        var assertion = manifest.Assertions.FirstOrDefault(a => a.BaseLabel is AssertionLabels.CawgTrainingMining or "c2pa.training-mining");
        if (assertion is null)
        {
            return [];
        }

        try
        {
            return TrainingMiningAssertion.TryRead(assertion.DecodeData(), out _) is { } read
                ? [.. read.Entries.Select(e => new AiUsePreference(e.Use, e.Permission, e.ConstraintInfo))]
                : [];
        }
        catch (MalformedContentException)
        {
            return []; // reported by the assertion checks; here only what can be shown
        }
    }

    /// <summary>The last reason a present time-stamp was ignored (§15.8), in words.</summary>
    private static TimeStampNotReliedOn? NotReliedOn(TimeStampResult? timeStamp)
    {
        if (timeStamp is not { State: TimeStampState.Ignored })
        {
            return null;
        }

        var ignoring = timeStamp.Findings.Where(f => f.Code is ValidationStatusCodes.TimeStampUntrusted or ValidationStatusCodes.TimeStampMismatch
            or ValidationStatusCodes.TimeStampOutsideValidity or ValidationStatusCodes.TimeStampMalformed).ToList();
        if (ignoring.Count == 0)
        {
            return null;
        }

        var finding = ignoring[^1];
        return new TimeStampNotReliedOn(finding.Code, finding.Code switch
        {
            ValidationStatusCodes.TimeStampUntrusted => "its time-stamping authority is not on the TSA trust lists in use",
            ValidationStatusCodes.TimeStampMismatch => "its message imprint or signature does not match this claim signature",
            ValidationStatusCodes.TimeStampOutsideValidity => "its time is outside the validity of the TSA certificate",
            _ => "it is malformed",
        }, finding.Explanation);
    }

    /// <summary>
    /// Invalid on any failure except <c>signingCredential.untrusted</c>, which says nothing about
    /// integrity (as c2pa-rs: an untrusted signer is Valid); Trusted when the signer is trusted (§14.3).
    /// </summary>
    internal static ValidationState StateOf(IEnumerable<ValidationFinding> findings, ClaimSignatureResult? signature)
    {
        // CAWG identity codes are another axis (CAWG identity 1.3): they never change the C2PA state.
        if (findings.Any(f => f.Kind == ValidationStatusKind.Failure && f.Code != ValidationStatusCodes.SigningCredentialUntrusted && !ValidationStatusCodes.IsCawg(f.Code)))
        {
            return ValidationState.Invalid;
        }

        return signature?.Trust is SignerTrust.Trusted or SignerTrust.AllowListed ? ValidationState.Trusted : ValidationState.Valid;
    }

    /// <summary>Only a hash or hashed-URI mismatch or a missing hash target is tampering (docs/validation.md); a malformed assertion or a missing hard binding is a conformance problem.</summary>
    private static bool IsIntegrityFailure(ValidationFinding finding) =>
        finding.Kind == ValidationStatusKind.Failure && StatusAxes.AxisOf(finding.Code) == ValidationAxis.Integrity;

    private static SignatureStatus SignatureOf(ManifestCheck check) => check.Signature?.Signature switch
    {
        SignatureCheck.Valid => SignatureStatus.Valid,
        null when check.Signature is null => SignatureStatus.Missing,
        _ => SignatureStatus.Invalid,
    };

    private static SignerTrustStatus TrustOf(ClaimSignatureResult? signature) => signature switch
    {
        null => SignerTrustStatus.InvalidCredential,
        { Trust: SignerTrust.Trusted or SignerTrust.AllowListed } => SignerTrustStatus.Trusted,
        _ when signature.Has(ValidationStatusCodes.SigningCredentialInvalid) || signature.Trust == SignerTrust.NotEvaluated => SignerTrustStatus.InvalidCredential,
        _ => SignerTrustStatus.Untrusted,
    };

    private static SignerSummary? SignerOf(ManifestCheck check)
    {
        if (check.Leaf is not { } leaf)
        {
            return null;
        }

        var time = check.Signature?.TimeStamp.GenTime
            ?? (check.IssuedAt is { } iat ? DateTimeOffset.FromUnixTimeSeconds(iat) : null);
        return new SignerSummary(
            leaf.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, forIssuer: false),
            Organization(leaf.SubjectName),
            Organization(leaf.IssuerName) ?? leaf.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, forIssuer: true),
            check.Algorithm,
            time);
    }

    /// <summary>The organizationName (2.5.4.10) of a distinguished name.</summary>
    private static string? Organization(System.Security.Cryptography.X509Certificates.X500DistinguishedName name) =>
        DistinguishedNames.Find(name, "2.5.4.10");

    /// <summary>The assertion's content as JSON, decoded once; throws the decoding error every time it is asked.</summary>
    private System.Text.Json.Nodes.JsonNode? Decode(Assertions.Assertion assertion)
    {
        if (!_decoded.TryGetValue(assertion, out var entry))
        {
            try
            {
                entry = (assertion.DecodeData(), null);
            }
            catch (MalformedContentException e)
            {
                entry = (null, e);
            }

            _decoded[assertion] = entry;
        }

        return entry.Error is null ? entry.Node : throw entry.Error;
    }

    /// <summary>What checking one manifest found, kept per manifest so shared ingredients are validated once.</summary>
    private sealed record ManifestCheck(
        IReadOnlyList<ValidationFinding> Findings,
        ClaimSignatureResult? Signature,
        System.Security.Cryptography.X509Certificates.X509Certificate2? Leaf,
        string? Algorithm,
        long? IssuedAt);
}
