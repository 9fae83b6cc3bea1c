using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MediaTrust.Spec;
using MediaTrust.Validation;

namespace MediaTrust;

/// <summary>What verifying one asset came to, worst last: the outcome <c>mediatrust verify</c> prints and the web API returns.</summary>
public enum VerdictOutcome
{
    /// <summary>Valid, and the signer chains to a trust anchor in use (spec 2.2 §14.3).</summary>
    Trusted,

    /// <summary>Valid, but nothing in use vouches for the signer.</summary>
    Valid,

    /// <summary>A check failed.</summary>
    Invalid,

    /// <summary>The asset carries no manifest store (no Content Credentials).</summary>
    NoManifest,

    /// <summary>The asset could not be read: an unknown format, malformed content, an I/O error.</summary>
    Error,
}

/// <summary>
/// The verdict on one asset in words and as JSON, shared by <c>mediatrust verify</c> and the web verifier so both say the
/// same thing (docs/cli.md, docs/server.md). The axes are kept apart: an untrusted signer is never worded as tampering.
/// </summary>
/// <example><code>
/// var verdict = Verdict.Of((await Reader.ReadFileAsync("photo.jpg")).Validation!);
/// Console.Write(verdict.Describe("photo.jpg"));
/// </code></example>
public sealed class Verdict
{
    private Verdict(VerdictOutcome outcome, ValidationReport? report, string? message)
    {
        Outcome = outcome;
        Report = report;
        Message = message;
    }

    /// <summary>The outcome.</summary>
    public VerdictOutcome Outcome { get; }

    /// <summary>The validation report, when the store was read and validated.</summary>
    public ValidationReport? Report { get; }

    /// <summary>Why there is no report (no manifest, an error), else null.</summary>
    public string? Message { get; }

    /// <summary>The verdict of a validation report: its state as an outcome.</summary>
    public static Verdict Of(ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var outcome = report.State switch
        {
            ValidationState.Trusted => VerdictOutcome.Trusted,
            ValidationState.Valid => VerdictOutcome.Valid,
            _ => VerdictOutcome.Invalid,
        };
        return new Verdict(outcome, report, null);
    }

    /// <summary>
    /// The verdict of an exception a <see cref="Reader"/> read threw: no manifest, malformed content, an unknown format
    /// or an I/O error; null for any other exception (a bug or a cancellation, which the caller lets through).
    /// </summary>
    public static Verdict? Of(Exception exception) => exception switch
    {
        NoManifestException e => new Verdict(VerdictOutcome.NoManifest, null, e.Message),
        MalformedContentException e => new Verdict(VerdictOutcome.Error, null, $"malformed: {e.Message} [{e.StatusCode}]"),
        NotSupportedException or IOException or UnauthorizedAccessException or ArgumentException => new Verdict(VerdictOutcome.Error, null, exception.Message),
        _ => null,
    };

    /// <summary>The state as <c>--json-lines</c> writes it: <c>trusted</c>, <c>valid</c>, <c>invalid</c>, <c>no-manifest</c>, <c>error</c>.</summary>
    public string StateName => StateNameOf(Outcome);

    /// <summary>
    /// The state as the readable verdict heads it. An intact file whose signer is on no list in use reads "VALID: signed by
    /// X, not on the trust lists in use; content intact", never INVALID; INVALID only when a failure code of the spec
    /// rejects the manifest, and then it says which axis failed first, so a rule broken by the signer is never read as
    /// tampering (docs/validation.md, "Axes").
    /// </summary>
    public string Headline => (Outcome, Report) switch
    {
        (VerdictOutcome.Trusted, _) => "TRUSTED",
        (VerdictOutcome.Valid, { } report) => $"VALID: signed by {SignerName(report)}, not on the trust lists in use; {ContentWords(report.Axes.Integrity)}",
        (VerdictOutcome.Invalid, { } report) => "INVALID: " + (report.Axes switch
        {
            { Integrity: IntegrityStatus.Tampered } => "content TAMPERED (something changed after signing)",
            { Signature: not SignatureStatus.Valid } => "the claim signature does not verify",
            { Revocation: RevocationStatus.Revoked } => "the signer's certificate is revoked",
            { Conformance: ConformanceStatus.Nonconforming } => $"what was signed breaks a rule of the spec (not tampering); {ContentWords(report.Axes.Integrity)}",
            _ => report.Failures.FirstOrDefault(f => !ValidationStatusCodes.IsCawg(f.Code)) is { } first
                ? $"rejected by {first.Code}; {ContentWords(report.Axes.Integrity)}"
                : ContentWords(report.Axes.Integrity),
        }),
        (VerdictOutcome.NoManifest, _) => "NO MANIFEST",
        _ => "ERROR",
    };

    /// <summary>The verdict in plain words for people who never open a terminal (the web verifier's banner).</summary>
    public string Title => Outcome switch
    {
        VerdictOutcome.Trusted => "Trusted",
        VerdictOutcome.Valid => "Valid but signer not on the trust lists",
        VerdictOutcome.Invalid => "Invalid",
        VerdictOutcome.NoManifest => "No Content Credentials",
        _ => "Could not be read",
    };

    /// <summary>The <c>--json-lines</c> name of an outcome.</summary>
    public static string StateNameOf(VerdictOutcome outcome) => outcome switch
    {
        VerdictOutcome.NoManifest => "no-manifest",
        _ => outcome.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// One JSON object, as <c>mediatrust verify --json-lines</c> prints it: <c>path</c> (when given), <c>state</c>, and either
    /// <c>source</c>, <c>axes</c>, <c>signer</c>, <c>failures</c>, <c>identities</c> (each CAWG identity: who, roles, status,
    /// verified identities), <c>trainingMining</c> (the owner's AI use preferences), <c>trust</c> (which list decided, the lists in use, why a
    /// time-stamp was not relied on), <c>engine</c>, <c>validationTime</c>, or <c>error</c>.
    /// </summary>
    public JsonObject ToJson(string? path = null)
    {
        var json = new JsonObject();
        if (path is not null)
        {
            json["path"] = path;
        }

        json["state"] = StateName;
        if (Report is { } report)
        {
            json["source"] = Camel(report.Axes.Source.ToString());
            json["axes"] = new JsonObject
            {
                ["integrity"] = Camel(report.Axes.Integrity.ToString()),
                ["signature"] = Camel(report.Axes.Signature.ToString()),
                ["signerTrust"] = Camel(report.Axes.SignerTrust.ToString()),
                ["timeStamp"] = Camel(report.Axes.TimeStamp.ToString()),
                ["revocation"] = Camel(report.Axes.Revocation.ToString()),
                ["conformance"] = Camel(report.Axes.Conformance.ToString()),
                ["identity"] = Camel(report.Axes.Identity.ToString()),
            };
            json["signer"] = report.Signer is { } signer
                ? new JsonObject
                {
                    ["commonName"] = signer.CommonName,
                    ["organization"] = signer.Organization,
                    ["issuer"] = signer.Issuer,
                    ["algorithm"] = signer.Algorithm,
                    ["signingTime"] = signer.SigningTime?.ToString("O", CultureInfo.InvariantCulture),
                }
                : null;
            var failures = new JsonArray();
            foreach (var failure in report.Failures)
            {
                failures.Add((JsonNode)new JsonObject { ["code"] = failure.Code, ["url"] = failure.Url, ["explanation"] = failure.Explanation });
            }

            json["failures"] = failures;
            json["identities"] = IdentitiesJson(report.Identities);
            json["trainingMining"] = new JsonArray([.. report.TrainingMining.Select(p => (JsonNode)new JsonObject
            {
                ["use"] = p.Use,
                ["permission"] = p.Permission,
                ["constraintInfo"] = p.ConstraintInfo,
            })]);
            json["trust"] = TrustJson(report);
            json["engine"] = report.Engine;
            json["validationTime"] = report.ValidationTime.ToString("O", CultureInfo.InvariantCulture);
        }
        else
        {
            json["error"] = Message;
        }

        return json;
    }

    /// <summary>
    /// The verdict in words, as <c>mediatrust verify</c> prints it: the state and source, who signed and when, the axes
    /// side by side, and each failure with its explanation and the meaning of its status code.
    /// </summary>
    public string Describe(string path)
    {
        var text = new StringBuilder();
        if (Report is not { } report)
        {
            text.Append(CultureInfo.InvariantCulture, $"{path}: {Headline}\n  {Message}\n");
            return text.ToString();
        }

        text.Append(CultureInfo.InvariantCulture, $"{path}: {Headline} ({report.Axes.Source.ToString().ToLowerInvariant()} manifest)\n");
        if (report.Signer is { } signer)
        {
            text.Append(CultureInfo.InvariantCulture, $"  signer:      {SignerWords(signer)}, issued by {signer.Issuer ?? "(unknown)"}, {signer.Algorithm}\n");
            text.Append(CultureInfo.InvariantCulture, $"  signed:      {SigningTimeWords(report)}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"  integrity:   {Words(report.Axes.Integrity)}\n");
        text.Append(CultureInfo.InvariantCulture, $"  conformance: {Words(report.Axes.Conformance)}\n");
        text.Append(CultureInfo.InvariantCulture, $"  signature:   {Words(report.Axes.Signature)}\n");
        text.Append(CultureInfo.InvariantCulture, $"  trust:       {TrustWords(report)}\n");
        text.Append(CultureInfo.InvariantCulture, $"  time-stamp:  {Words(report.Axes.TimeStamp)}{(report.TimeStampNotReliedOn is { } ignored ? $": {ignored.Reason} ({ignored.Code})" : string.Empty)}\n");
        text.Append(CultureInfo.InvariantCulture, $"  revocation:  {Words(report.Axes.Revocation)}\n");
        if (report.Axes.Identity != IdentityStatus.None)
        {
            text.Append(CultureInfo.InvariantCulture, $"  identity:    {Words(report.Axes.Identity)}\n");
            foreach (var identity in report.Identities)
            {
                text.Append(CultureInfo.InvariantCulture, $"    {IdentityWords(identity)}\n");
            }
        }

        if (report.TrainingMining.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"  AI use:      {TrainingMiningWords(report.TrainingMining)}\n");
        }

        foreach (var failure in report.Failures)
        {
            // signingCredential.untrusted is a failure code of the spec that rejects nothing on its own (the verdict is VALID),
            // and a CAWG failure never changes the C2PA verdict: both are listed apart, so "failed" names only what made a
            // manifest INVALID.
            var label = failure.Code == ValidationStatusCodes.SigningCredentialUntrusted ? "untrusted:  "
                : ValidationStatusCodes.IsCawg(failure.Code) ? "identity:   "
                : "failed:     ";
            text.Append(CultureInfo.InvariantCulture, $"  {label} {failure.Code}: {failure.Explanation}\n");
            if (MeaningOf(failure.Code) is { } meaning)
            {
                text.Append(CultureInfo.InvariantCulture, $"               ({meaning})\n");
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// One identity in a line: who (the verified name or the certificate's subject), the roles, whether it is trusted, who
    /// vouches for it (the certificate's issuer or the credential's issuer), and each verified web site or account with
    /// who verified it and when (CAWG identity 1.3, "Verified identities").
    /// </summary>
    public static string IdentityWords(IdentityAssertionReport identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var text = new StringBuilder(identity.DisplayName ?? "(no name)");
        if (identity.Roles.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" as {string.Join(", ", identity.Roles.Select(RoleWords))}");
        }

        text.Append(identity.Status switch
        {
            IdentityStatus.Verified => ": verified",
            IdentityStatus.WellFormed => ": not verified (untrusted credential)",
            _ => ": INVALID",
        });
        if (identity.Signer is { } signer)
        {
            text.Append(CultureInfo.InvariantCulture, $"; X.509 certificate issued by {signer.Issuer ?? "(unknown)"}");
        }
        else if (identity.Issuer is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"; credential issued by {identity.IssuerName ?? identity.Issuer}");
        }

        foreach (var verified in identity.VerifiedIdentities)
        {
            var what = verified.Uri ?? verified.Username ?? verified.Address ?? verified.Name ?? "(unnamed)";
            var by = verified.ProviderName ?? verified.ProviderId;
            text.Append(CultureInfo.InvariantCulture, $"; {VerificationWords(verified.Type)} {what}");
            if (by is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $" verified by {by}");
            }

            if (verified.VerifiedAt is { } at)
            {
                text.Append(CultureInfo.InvariantCulture, $" on {at.UtcDateTime:yyyy-MM-dd}");
            }
        }

        return text.ToString();
    }

    /// <summary>The owner's AI training and mining preferences in one line, e.g. <c>generative AI training: not allowed</c>.</summary>
    public static string TrainingMiningWords(IReadOnlyList<AiUsePreference> preferences)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        return string.Join("; ", preferences.Select(p =>
        {
            var use = p.Use switch
            {
                "cawg.ai_generative_training" or "c2pa.ai_generative_training" => "generative AI training",
                "cawg.ai_training" or "c2pa.ai_training" => "AI training",
                "cawg.ai_inference" or "c2pa.ai_inference" => "AI inference",
                "cawg.data_mining" or "c2pa.data_mining" => "data mining",
                _ => p.Use,
            };
            var permission = p.Permission switch
            {
                "notAllowed" => "not allowed",
                "constrained" => p.ConstraintInfo is null ? "constrained" : $"constrained ({p.ConstraintInfo})",
                _ => p.Permission,
            };
            return $"{use}: {permission}";
        }));
    }

    /// <summary>A role of 1.3, "Named actor roles", in words; other roles as written.</summary>
    private static string RoleWords(string role) => role switch
    {
        "cawg.creator" => "creator",
        "cawg.contributor" => "contributor",
        "cawg.editor" => "editor",
        "cawg.producer" => "producer",
        "cawg.publisher" => "publisher",
        "cawg.sponsor" => "sponsor",
        "cawg.translator" => "translator",
        _ => role,
    };

    /// <summary>A verification type of 1.3, "Verified identities", in words.</summary>
    private static string VerificationWords(string type) => type switch
    {
        "cawg.document_verification" => "document",
        "cawg.web_site" => "web site",
        "cawg.affiliation" => "affiliation",
        "cawg.social_media" => "account",
        "cawg.crypto_wallet" => "wallet",
        _ => type,
    };

    private static JsonArray IdentitiesJson(IReadOnlyList<IdentityAssertionReport> identities) =>
        new([.. identities.Select(i => (JsonNode)new JsonObject
        {
            ["label"] = i.Label,
            ["status"] = Camel(i.Status.ToString()),
            ["name"] = i.DisplayName,
            ["roles"] = new JsonArray([.. i.Roles.Select(r => (JsonNode)JsonValue.Create(r))]),
            ["sigType"] = i.SignatureType,
            ["signer"] = i.Signer is { } signer
                ? new JsonObject { ["commonName"] = signer.CommonName, ["organization"] = signer.Organization, ["issuer"] = signer.Issuer, ["algorithm"] = signer.Algorithm }
                : null,
            ["issuer"] = i.Issuer,
            ["issuerName"] = i.IssuerName,
            ["verifiedIdentities"] = new JsonArray([.. i.VerifiedIdentities.Select(v => (JsonNode)new JsonObject
            {
                ["type"] = v.Type,
                ["name"] = v.Name,
                ["username"] = v.Username,
                ["address"] = v.Address,
                ["uri"] = v.Uri,
                ["method"] = v.Method,
                ["verifiedAt"] = v.VerifiedAt?.ToString("O", CultureInfo.InvariantCulture),
                ["provider"] = new JsonObject { ["id"] = v.ProviderId, ["name"] = v.ProviderName },
            })]),
            ["referencedAssertions"] = new JsonArray([.. i.ReferencedAssertions.Select(r => (JsonNode)JsonValue.Create(r))]),
        })]);

    /// <summary>The meaning of a C2PA status code from the spec's catalogue, or null for a code it does not list.</summary>
    public static string? MeaningOf(string code) => ValidationStatusCodes.Lookup(code)?.Explanation;

    /// <summary>The signer's name and organization, e.g. <c>Jane (Example Org)</c>.</summary>
    public static string SignerWords(SignerSummary signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var who = signer.Organization is null ? signer.CommonName : $"{signer.CommonName} ({signer.Organization})";
        return who ?? "(no name)";
    }

    /// <summary>When the asset was signed and where that time comes from (a trusted time-stamp, or the signer's own claim).</summary>
    public static string SigningTimeWords(ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Signer?.SigningTime is not { } time
            ? report.Axes.TimeStamp == TimeStampStatus.Ignored
                ? "not established (the time-stamp is not relied on, and the signer claims no time of signing)"
                : "not stated (no time-stamp, no claimed time of signing)"
            : time.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
                + (report.Axes.TimeStamp == TimeStampStatus.Trusted ? " (trusted time-stamp)" : " (claimed by the signer)");
    }

    /// <summary>The integrity axis in words.</summary>
    public static string Words(IntegrityStatus status) => status switch
    {
        IntegrityStatus.Intact => "intact: the content and assertions are what was signed",
        IntegrityStatus.Tampered => "TAMPERED: something changed after signing",
        _ => "not checked",
    };

    /// <summary>The signature axis in words.</summary>
    public static string Words(SignatureStatus status) => status switch
    {
        SignatureStatus.Valid => "valid",
        SignatureStatus.Invalid => "INVALID: the claim signature does not verify",
        _ => "missing",
    };

    /// <summary>The signer-trust axis in words (never a statement about tampering).</summary>
    public static string Words(SignerTrustStatus status) => status switch
    {
        SignerTrustStatus.Trusted => "trusted (chains to a trust anchor in use)",
        SignerTrustStatus.Untrusted => "not on the trust list in use (says nothing about tampering)",
        _ => "invalid credential (the certificate fails the C2PA profile)",
    };

    /// <summary>The time-stamp axis in words.</summary>
    public static string Words(TimeStampStatus status) => status switch
    {
        TimeStampStatus.Trusted => "trusted",
        TimeStampStatus.Ignored => "present but not relied on",
        _ => "none",
    };

    /// <summary>The revocation axis in words.</summary>
    public static string Words(RevocationStatus status) => status switch
    {
        RevocationStatus.Good => "not revoked (OCSP)",
        RevocationStatus.Revoked => "REVOKED (OCSP)",
        RevocationStatus.Unknown => "unknown to the OCSP responder",
        _ => "not checked",
    };

    /// <summary>The manifest's source in words.</summary>
    public static string Words(ManifestSource source) => source switch
    {
        ManifestSource.Sidecar => "a .c2pa sidecar beside the asset",
        ManifestSource.Remote => "a remote manifest the asset names",
        _ => "embedded in the asset",
    };

    /// <summary>The identity axis (CAWG identity assertions) in words.</summary>
    public static string Words(IdentityStatus status) => status switch
    {
        IdentityStatus.Verified => "verified (a trusted identity credential stands behind the content)",
        IdentityStatus.WellFormed => "well-formed, but nothing in use vouches for the identity credential",
        IdentityStatus.Invalid => "INVALID identity assertion (does not change the C2PA verdict)",
        _ => "none",
    };

    /// <summary>The conformance axis in words: a rule of the spec broken by the signer is not tampering.</summary>
    public static string Words(ConformanceStatus status) => status == ConformanceStatus.Conforming
        ? "well-formed"
        : "NOT WELL-FORMED: what was signed breaks a rule of the spec (not tampering)";

    /// <summary>
    /// Which list decided (docs/cli.md, "Default trust"): "trusted: Google LLC, on the C2PA Trust List (issued 2026-08-05)", or
    /// "signed by X, not on the trust lists in use (C2PA Trust List 2026-08-05, your list 'newsroom'); content intact".
    /// </summary>
    public static string TrustWords(ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var who = SignerName(report);
        if (report.Axes.SignerTrust == SignerTrustStatus.Trusted)
        {
            return report.TrustedBy is not { } list
                ? "trusted (chains to a trust anchor in use)"
                : $"trusted: {report.TrustedEntity ?? who}, on {ListWords(list, withArticle: true)}";
        }

        if (report.Axes.SignerTrust == SignerTrustStatus.Untrusted)
        {
            var lists = report.TrustListsInUse.Count == 0 ? "none: no trust list is in use" : string.Join(", ", report.TrustListsInUse.Select(l => ListWords(l, withArticle: false)));
            return $"signed by {who}, not on the trust lists in use ({lists}); {ContentWords(report.Axes.Integrity)}";
        }

        return Words(report.Axes.SignerTrust);
    }

    private static string ListWords(Pki.TrustListInfo list, bool withArticle)
    {
        var date = list.IssueDate is { } issued ? issued.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
        return list.Kind switch
        {
            Pki.TrustListKind.Official when withArticle => $"the {list.Name}{(date is null ? string.Empty : $" (issued {date})")}",
            Pki.TrustListKind.Official => date is null ? list.Name : $"{list.Name} {date}",
            Pki.TrustListKind.LegacyInterim => $"your list '{list.Name}' (legacy interim list)",
            _ => $"your list '{list.Name}'",
        };
    }

    private static string SignerName(ValidationReport report) => report.Signer?.Organization ?? report.Signer?.CommonName ?? "an unnamed signer";

    private static string ContentWords(IntegrityStatus status) => status switch
    {
        IntegrityStatus.Intact => "content intact",
        IntegrityStatus.Tampered => "content TAMPERED",
        _ => "content not checked",
    };

    /// <summary>Which list decided, or which lists were in use, and why a time-stamp was not relied on (docs/cli.md, "Default trust").</summary>
    private static JsonObject TrustJson(ValidationReport report)
    {
        static JsonObject List(Pki.TrustListInfo list) => new()
        {
            ["name"] = list.Name,
            ["kind"] = Camel(list.Kind.ToString()),
            ["issued"] = list.IssueDate?.ToString("O", CultureInfo.InvariantCulture),
        };

        var json = new JsonObject();
        if (report.TrustedBy is { } by)
        {
            var decided = List(by);
            decided["entity"] = report.TrustedEntity;
            json["decidedBy"] = decided;
        }

        json["listsInUse"] = new JsonArray([.. report.TrustListsInUse.Select(l => (JsonNode)List(l))]);
        if (report.TimeStampNotReliedOn is { } ignored)
        {
            json["timeStampNotReliedOn"] = new JsonObject { ["code"] = ignored.Code, ["reason"] = ignored.Reason, ["explanation"] = ignored.Detail };
        }

        return json;
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
