using System.CommandLine;
using System.Globalization;
using MediaTrust.Pki;
using MediaTrust.Validation;

namespace MediaTrust.Cli.Commands;

/// <summary>
/// The trust options shared by every command that validates (read, verify, indicators, trust): anchors for
/// signers, a separate list for time-stamping authorities (spec 2.2 §14.4.2), an end-entity
/// allow-list, accepted EKUs, and a pinned validation time. They add to the default trust (the official
/// C2PA lists and the user's lists, docs/cli.md "Default trust") unless <c>--no-default-trust</c>.
/// </summary>
internal sealed class TrustOptions
{
    private readonly Option<FileInfo[]> _anchors = new("--trust-anchors")
    {
        Description = "PEM file of trust anchors for claim signers (e.g. the C2PA trust list). Repeatable.",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<FileInfo[]> _tsaAnchors = new("--tsa-anchors")
    {
        Description = "PEM file of trust anchors for time-stamping authorities (the C2PA TSA trust list). Repeatable.",
    };

    private readonly Option<FileInfo[]> _identityAnchors = new("--identity-anchors")
    {
        Description = "PEM file of trust anchors for CAWG X.509 identity signers (kept apart from the C2PA anchors, as CAWG identity 1.3 asks). Repeatable.",
    };

    private readonly Option<FileInfo?> _allowedList = new("--allowed-list")
    {
        Description = "End-entity certificates trusted as they are: PEM certificates or base64 SHA-256 fingerprints.",
    };

    private readonly Option<FileInfo?> _trustConfig = new("--trust-config")
    {
        Description = "Extra accepted signer EKU OIDs, one per line (c2pa-rs store.cfg format).",
    };

    private readonly Option<string?> _at = new("--at")
    {
        Description = "Validate as of this time (ISO 8601, e.g. 2025-01-31T12:00:00Z) instead of now, when no trusted time-stamp says otherwise.",
    };

    private readonly Option<bool> _noDefaultTrust = new("--no-default-trust")
    {
        Description = "Trust only what the options name: not the bundled C2PA trust lists, nor the lists (C2PA or identity) added with 'trust-list add'.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_noDefaultTrust);
        command.Options.Add(_anchors);
        command.Options.Add(_tsaAnchors);
        command.Options.Add(_identityAnchors);
        command.Options.Add(_allowedList);
        command.Options.Add(_trustConfig);
        command.Options.Add(_at);
    }

    /// <summary>Builds validation options from the parsed command line.</summary>
    /// <exception cref="ArgumentException">A file cannot be read or the time does not parse.</exception>
    public ValidationOptions Build(ParseResult parse)
    {
        var trust = parse.GetValue(_noDefaultTrust) ? new TrustStoreBuilder() : Trust.TrustConfig.DefaultTrust.ToBuilder();
        foreach (var file in parse.GetValue(_anchors) ?? [])
        {
            Read(file, () => trust.AddSignerAnchorsFromFile(file.FullName));
        }

        foreach (var file in parse.GetValue(_tsaAnchors) ?? [])
        {
            Read(file, () => trust.AddTimeStampAnchorsFromFile(file.FullName));
        }

        if (parse.GetValue(_allowedList) is { } allowed)
        {
            Read(allowed, () => trust.AddAllowedEndEntitiesFromFile(allowed.FullName));
        }

        if (parse.GetValue(_trustConfig) is { } config)
        {
            Read(config, () => trust.AddSignerEkusFromConfig(File.ReadAllText(config.FullName)));
        }

        DateTimeOffset? at = null;
        if (parse.GetValue(_at) is { } text)
        {
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                throw new ArgumentException($"--at: '{text}' is not a date and time (use ISO 8601, e.g. 2025-01-31T12:00:00Z)");
            }

            at = parsed;
        }

        // CAWG identity 1.3, "Trust model for X.509 certificates": identity anchors are a list of their own, with its EKUs.
        var defaults = new ValidationOptions();
        var identityTrust = defaults.IdentityTrust.ToBuilder();
        if (!parse.GetValue(_noDefaultTrust))
        {
            Trust.TrustConfig.AddUserIdentityLists(identityTrust); // added with 'trust-list add NAME PEM --identity'
        }

        foreach (var file in parse.GetValue(_identityAnchors) ?? [])
        {
            Read(file, () => identityTrust.AddSignerAnchorsFromFile(file.FullName));
        }

        return defaults with { Trust = trust.Build(), IdentityTrust = identityTrust.Build(), ValidationTime = at };
    }

    /// <summary>Runs <paramref name="add"/>, turning a file that cannot be read into a caller mistake that names it.</summary>
    private static void Read(FileInfo file, Action add)
    {
        try
        {
            add();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"cannot read {file.FullName}: {e.Message}", e);
        }
    }
}
