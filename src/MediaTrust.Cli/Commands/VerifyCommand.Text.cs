using System.Globalization;
using System.Text;
using MediaTrust.Spec;
using MediaTrust.Validation;
using Spectre.Console;

namespace MediaTrust.Cli.Commands;

/// <summary>The readable verdict and the summary table.</summary>
internal static partial class VerifyCommand
{
    /// <summary>
    /// A verdict in words: the state and source, who signed and when, the axes side by side, and each
    /// failure with its explanation.
    /// </summary>
    internal static string Describe(FileVerdict verdict)
    {
        var text = new StringBuilder();
        if (verdict.Report is not { } report)
        {
            var state = verdict.Outcome == Outcome.NoManifest ? "NO MANIFEST" : "ERROR";
            text.Append(CultureInfo.InvariantCulture, $"{verdict.Path}: {state}\n  {verdict.Message}\n");
            return text.ToString();
        }

        text.Append(CultureInfo.InvariantCulture, $"{verdict.Path}: {Headline(verdict.Outcome, report)} ({report.Axes.Source.ToString().ToLowerInvariant()} manifest)\n");
        if (report.Signer is { } signer)
        {
            var who = signer.Organization is null ? signer.CommonName : $"{signer.CommonName} ({signer.Organization})";
            text.Append(CultureInfo.InvariantCulture, $"  signer:      {who ?? "(no name)"}, issued by {signer.Issuer ?? "(unknown)"}, {signer.Algorithm}\n");
            var when = signer.SigningTime is not { } time
                ? report.Axes.TimeStamp == TimeStampStatus.Ignored
                    ? "not established (the time-stamp is not relied on, and the signer claims no time of signing)"
                    : "not stated (no time-stamp, no claimed time of signing)"
                : time.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
                    + (report.Axes.TimeStamp == TimeStampStatus.Trusted ? " (trusted time-stamp)" : " (claimed by the signer)");
            text.Append(CultureInfo.InvariantCulture, $"  signed:      {when}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"  integrity:   {Words(report.Axes.Integrity)}\n");
        text.Append(CultureInfo.InvariantCulture, $"  conformance: {(report.Axes.Conformance == ConformanceStatus.Conforming ? "well-formed" : "NOT WELL-FORMED: what was signed breaks a rule of the spec (not tampering)")}\n");
        text.Append(CultureInfo.InvariantCulture, $"  signature:   {Words(report.Axes.Signature)}\n");
        text.Append(CultureInfo.InvariantCulture, $"  trust:       {TrustWords(report)}\n");
        text.Append(CultureInfo.InvariantCulture, $"  time-stamp:  {Words(report.Axes.TimeStamp)}{(report.TimeStampNotReliedOn is { } ignored ? $": {ignored.Reason} ({ignored.Code})" : string.Empty)}\n");
        text.Append(CultureInfo.InvariantCulture, $"  revocation:  {Words(report.Axes.Revocation)}\n");
        foreach (var failure in report.Failures)
        {
            var meaning = ValidationStatusCodes.Lookup(failure.Code)?.Explanation;
            // signingCredential.untrusted is a failure code of the spec that rejects nothing on its own (the verdict is VALID):
            // it is listed apart, so "failed" names only what made a manifest INVALID.
            var label = failure.Code == ValidationStatusCodes.SigningCredentialUntrusted ? "untrusted:  " : "failed:     ";
            text.Append(CultureInfo.InvariantCulture, $"  {label} {failure.Code}: {failure.Explanation}\n");
            if (meaning is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"               ({meaning})\n");
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The verdict line reads as what it is: an intact file whose signer is on no list in use is "VALID: signed by X, not on
    /// the trust lists in use; content intact", never INVALID; INVALID only when a failure code of the spec rejects the
    /// manifest, and then says which axis failed first, so a rule broken by the signer is never read as tampering.
    /// </summary>
    internal static string Headline(Outcome outcome, ValidationReport report) => outcome switch
    {
        Outcome.Trusted => "TRUSTED",
        Outcome.Valid => $"VALID: signed by {SignerName(report)}, not on the trust lists in use; {ContentWords(report.Axes.Integrity)}",
        _ => "INVALID: " + (report.Axes switch
        {
            { Integrity: IntegrityStatus.Tampered } => "content TAMPERED (something changed after signing)",
            { Signature: not SignatureStatus.Valid } => "the claim signature does not verify",
            { Revocation: RevocationStatus.Revoked } => "the signer's certificate is revoked",
            { Conformance: ConformanceStatus.Nonconforming } => $"what was signed breaks a rule of the spec (not tampering); {ContentWords(report.Axes.Integrity)}",
            _ => report.Failures.Count > 0
                ? $"rejected by {report.Failures[0].Code}; {ContentWords(report.Axes.Integrity)}"
                : ContentWords(report.Axes.Integrity),
        }),
    };

    private static string SignerName(ValidationReport report) => report.Signer?.Organization ?? report.Signer?.CommonName ?? "an unnamed signer";

    private static string ContentWords(IntegrityStatus status) => status switch
    {
        IntegrityStatus.Intact => "content intact",
        IntegrityStatus.Tampered => "content TAMPERED",
        _ => "content not checked",
    };

    private static string Words(IntegrityStatus status) => status switch
    {
        IntegrityStatus.Intact => "intact: the content and assertions are what was signed",
        IntegrityStatus.Tampered => "TAMPERED: something changed after signing",
        _ => "not checked",
    };

    private static string Words(SignatureStatus status) => status switch
    {
        SignatureStatus.Valid => "valid",
        SignatureStatus.Invalid => "INVALID: the claim signature does not verify",
        _ => "missing",
    };

    /// <summary>
    /// Which list decided (docs/cli.md, "Default trust"): "trusted: Google LLC, on the C2PA Trust List (issued 2026-08-05)", or
    /// "signed by X, not on the trust lists in use (C2PA Trust List 2026-08-05, your list 'newsroom'); content intact".
    /// </summary>
    internal static string TrustWords(ValidationReport report)
    {
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

    private static string Words(SignerTrustStatus status) => status switch
    {
        SignerTrustStatus.Trusted => "trusted (chains to a trust anchor in use)",
        SignerTrustStatus.Untrusted => "not on the trust list in use (says nothing about tampering)",
        _ => "invalid credential (the certificate fails the C2PA profile)",
    };

    private static string Words(TimeStampStatus status) => status switch
    {
        TimeStampStatus.Trusted => "trusted",
        TimeStampStatus.Ignored => "present but not relied on",
        _ => "none",
    };

    private static string Words(RevocationStatus status) => status switch
    {
        RevocationStatus.Good => "not revoked (OCSP)",
        RevocationStatus.Revoked => "REVOKED (OCSP)",
        RevocationStatus.Unknown => "unknown to the OCSP responder",
        _ => "not checked",
    };

    /// <summary>Counts per state, as a table.</summary>
    private static void WriteSummary(FileVerdict[] verdicts, TextWriter stdout)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(stdout),
        });
        var table = new Table().AddColumn("state").AddColumn(new TableColumn("files").RightAligned());
        foreach (var outcome in Enum.GetValues<Outcome>())
        {
            var count = verdicts.Count(v => v.Outcome == outcome);
            table.AddRow(StateName(outcome), count.ToString(CultureInfo.InvariantCulture));
        }

        table.AddRow("total", verdicts.Length.ToString(CultureInfo.InvariantCulture));
        console.Write(table);
    }
}
