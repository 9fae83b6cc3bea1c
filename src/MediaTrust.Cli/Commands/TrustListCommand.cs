using System.CommandLine;
using System.Globalization;
using MediaTrust.Cli.Trust;
using MediaTrust.Pki;

namespace MediaTrust.Cli.Commands;

/// <summary>
/// <c>mediatrust trust-list show|update|add|remove</c>: the lists every validating command trusts by default (docs/cli.md, "Default trust"),
/// kept in the per-user config directory.
/// </summary>
internal static class TrustListCommand
{
    public static Command Create()
    {
        var command = new Command("trust-list", "Show and change the trust lists validating commands use by default (the official C2PA lists and your own).");
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Update());
        command.Subcommands.Add(Add());
        command.Subcommands.Add(Remove());
        return command;
    }

    private static Command Show()
    {
        var command = new Command("show", "List the trust lists in use: name, source, issue date and entries; warns when a list is past its next update.");
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            TrustConfig.Reset();
            foreach (var official in OfficialTrustLists.All)
            {
                var choice = TrustConfig.Choose(official);
                var list = choice.InUse;
                var source = choice.UsesDownloaded
                    ? string.Create(CultureInfo.InvariantCulture, $"downloaded {choice.DownloadedAt:yyyy-MM-dd} ({list.Info.Source}), newer than the bundled copy ({Issued(choice.Bundled)})")
                    : "bundled";
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{list.Info.Name}: official, {source}, {Issued(list)}, {list.Entries.Count} certificates ({list.Entries.Count(e => !e.IsTrusted)} no longer trusted)"));
                if (choice.Downloaded is { } downloaded && !choice.UsesDownloaded)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  a downloaded copy ({Issued(downloaded)}, {downloaded.Info.Source}) is not newer than the bundled one and is not used"));
                }
                else if (choice.DownloadProblem is { } problem)
                {
                    output.WriteLine($"  the downloaded copy is ignored: {problem}");
                }

                if (list.Info.NextUpdate is { } next && next < DateTimeOffset.UtcNow)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  warning: past its next update ({next:yyyy-MM-dd}); a newer list may exist: run 'mediatrust trust-list update' (never automatic)"));
                }
            }

            foreach (var name in TrustConfig.UserListNames())
            {
                try
                {
                    var builder = new TrustStoreBuilder();
                    var info = TrustConfig.AddUserList(builder, name);
                    var store = builder.Build();
                    var kind = info.Kind == TrustListKind.LegacyInterim ? "legacy interim list" : "your list";
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{name}: {kind}, {info.Source}, added {info.IssueDate:yyyy-MM-dd}, {store.SignerAnchors.Count} anchors, {store.AllowedEndEntityFingerprints.Count} allowed certificates"));
                }
                catch (Exception e) when (e is FormatException or IOException)
                {
                    output.WriteLine($"{name}: ignored ({e.Message})");
                }
            }

            foreach (var name in TrustConfig.UserIdentityListNames())
            {
                try
                {
                    var anchors = PemCertificates.Parse(File.ReadAllText(Path.Combine(TrustConfig.IdentityListsDirectory, name, TrustConfig.AnchorsFile)));
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{name}: your CAWG identity anchors, {Path.Combine(TrustConfig.IdentityListsDirectory, name)}, {anchors.Count} anchors (identity signers only, not claim signers)"));
                }
                catch (Exception e) when (e is FormatException or IOException)
                {
                    output.WriteLine($"{name}: identity anchors ignored ({e.Message})");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Issued(TrustList list)
    {
        var sequence = list.Info.SequenceNumber is { } number ? string.Create(CultureInfo.InvariantCulture, $" #{number}") : string.Empty;
        return list.Info.IssueDate is { } issued
            ? string.Create(CultureInfo.InvariantCulture, $"issued {issued:yyyy-MM-dd}{sequence}")
            : "no issue date (PEM)";
    }

    private static Command Update()
    {
        var from = new Option<string?>("--from")
        {
            Description = $"Fetch from this folder URL instead of the published location ({OfficialTrustLists.PublishedLocation}); also ${OfficialTrustLists.LocationVariable}.",
        };
        var allowLoopbackHttp = new Option<bool>("--allow-loopback-http") { Description = "Allow plain http to a loopback address (a local mirror or a test server)." };
        var command = new Command("update", "Download the current official C2PA Trust List and TSA Trust List; checks both before replacing anything, keeps the previous copies.")
        {
            from, allowLoopbackHttp,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var location = parse.GetValue(from) is { Length: > 0 } given ? given
                : Environment.GetEnvironmentVariable(OfficialTrustLists.LocationVariable) is { Length: > 0 } configured ? configured
                : OfficialTrustLists.PublishedLocation;
            if (!Uri.TryCreate(location.EndsWith('/') ? location : location + "/", UriKind.Absolute, out var folder))
            {
                await error.WriteLineAsync($"error: '{location}' is not a URL");
                return ExitCodes.Usage;
            }

            var options = new TrustListDownloadOptions { AllowLoopbackHttp = parse.GetValue(allowLoopbackHttp) };
            if (TrustListDownloader.Refusal(folder, options) is { } refused)
            {
                await error.WriteLineAsync("error: " + refused);
                return ExitCodes.Usage;
            }

            // Both lists are fetched and checked before either replaces anything: a failure leaves the lists in use as they were.
            var fetched = new List<(OfficialTrustList Official, string File, byte[] Content, TrustList List)>();
            foreach (var official in OfficialTrustLists.All)
            {
                var (result, problem) = await FetchAsync(official, folder, options, cancellationToken);
                if (result is null)
                {
                    await error.WriteLineAsync($"error: trust-list update failed: {official.SchemeName}: {problem}; the lists in use are unchanged");
                    return ExitCodes.Error;
                }

                fetched.Add((official, result.Value.File, result.Value.Content, result.Value.List));
            }

            try
            {
                Store(fetched.Select(f => (f.Official, f.File, f.Content)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"error: trust-list update could not store the lists in {TrustConfig.OfficialDirectory}: {e.Message}");
                return ExitCodes.Error;
            }

            TrustConfig.Reset();
            foreach (var (official, file, _, list) in fetched)
            {
                var choice = TrustConfig.Choose(official);
                var verdict = choice.UsesDownloaded ? "now in use" : $"not newer than the bundled copy ({Issued(choice.Bundled)}), which stays in use";
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{official.SchemeName}: {new Uri(folder, file)}, {Issued(list)}, {list.Entries.Count} certificates; {verdict}"));
            }

            await output.WriteLineAsync($"Stored in {TrustConfig.OfficialDirectory} (the copies replaced are in {TrustConfig.PreviousOfficialDirectory}).");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Fetches one list (JSON, or PEM when no JSON is published) and checks that it is that list.</summary>
    private static async Task<((string File, byte[] Content, TrustList List)? Result, string? Problem)> FetchAsync(
        OfficialTrustList official, Uri folder, TrustListDownloadOptions options, CancellationToken cancellationToken)
    {
        var file = official.JsonFile;
        var download = await TrustListDownloader.DownloadAsync(new Uri(folder, file), options, cancellationToken);
        if (download.HttpStatus == 404)
        {
            file = official.PemFile;
            download = await TrustListDownloader.DownloadAsync(new Uri(folder, file), options, cancellationToken);
        }

        var url = new Uri(folder, file);
        if (download.Content is not { } content)
        {
            return (null, $"{url}: {download.Failure}");
        }

        TrustList list;
        try
        {
            list = file == official.JsonFile
                ? TrustList.ParseJson(content, TrustListKind.Official, url.ToString())
                : TrustList.Parse(content, new TrustListInfo(official.SchemeName, TrustListKind.Official) { Source = url.ToString() });
        }
        catch (FormatException e)
        {
            return (null, $"{url} is not a trust list: {e.Message}");
        }

        if (!string.Equals(list.Info.Name, official.SchemeName, StringComparison.OrdinalIgnoreCase))
        {
            return (null, $"{url} is the list '{list.Info.Name}', not the {official.SchemeName}");
        }

        if (!list.Entries.Any(e => e.IsTrusted))
        {
            return (null, $"{url} holds no trusted certificate");
        }

        return ((file, content, list), null);
    }

    /// <summary>
    /// Writes each list under its published name: the new file is written beside the old one, the old one (JSON or PEM) moves
    /// to previous/, then the new one is renamed into place.
    /// </summary>
    private static void Store(IEnumerable<(OfficialTrustList Official, string File, byte[] Content)> lists)
    {
        Directory.CreateDirectory(TrustConfig.PreviousOfficialDirectory);
        var staged = new List<(OfficialTrustList Official, string File, string Temporary)>();
        try
        {
            foreach (var (official, file, content) in lists)
            {
                var temporary = Path.Combine(TrustConfig.OfficialDirectory, file + ".download");
                File.WriteAllBytes(temporary, content);
                staged.Add((official, file, temporary));
            }

            foreach (var (official, file, temporary) in staged)
            {
                foreach (var current in new[] { official.JsonFile, official.PemFile })
                {
                    var path = Path.Combine(TrustConfig.OfficialDirectory, current);
                    if (File.Exists(path))
                    {
                        File.Move(path, Path.Combine(TrustConfig.PreviousOfficialDirectory, current), overwrite: true);
                    }
                }

                File.Move(temporary, Path.Combine(TrustConfig.OfficialDirectory, file));
            }
        }
        finally
        {
            foreach (var (_, _, temporary) in staged)
            {
                File.Delete(temporary);
            }
        }
    }

    private static Command Add()
    {
        var name = new Argument<string>("name") { Description = "A name for the list, e.g. newsroom (letters, digits, '-', '_' and '.')." };
        var file = new Argument<FileInfo>("file") { Description = "PEM trust anchors for claim signers." };
        var allowed = new Option<FileInfo?>("--allowed-list") { Description = "Legacy interim format: SHA-256 fingerprints (or PEM) of end-entity certificates trusted as they are." };
        var ekus = new Option<FileInfo?>("--trust-config") { Description = "Legacy interim format: accepted signer EKU OIDs, one per line (store.cfg)." };
        var identity = new Option<bool>("--identity")
        {
            Description = "The file holds anchors for CAWG X.509 identity signers (as --identity-anchors), kept apart from the claim-signer lists.",
        };
        var command = new Command("add", "Add a trust list of your own, used by every validating command unless --no-default-trust.") { name, file, allowed, ekus, identity };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            var listName = parse.GetValue(name)!;
            if (listName.Length == 0 || listName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) || listName.StartsWith('.'))
            {
                error.WriteLine($"error: '{listName}' is not a list name (use letters, digits, '-', '_' and '.')");
                return ExitCodes.Usage;
            }

            var forIdentities = parse.GetValue(identity);
            if (forIdentities && (parse.GetValue(allowed) is not null || parse.GetValue(ekus) is not null))
            {
                error.WriteLine("error: --allowed-list and --trust-config are legacy C2PA formats; an identity list is PEM anchors only");
                return ExitCodes.Usage;
            }

            var folder = Path.Combine(forIdentities ? TrustConfig.IdentityListsDirectory : TrustConfig.ListsDirectory, listName);
            var staging = folder + ".new";
            try
            {
                Directory.CreateDirectory(staging);
                File.Copy(parse.GetValue(file)!.FullName, Path.Combine(staging, TrustConfig.AnchorsFile), overwrite: true);
                if (parse.GetValue(allowed) is { } allowedFile)
                {
                    File.Copy(allowedFile.FullName, Path.Combine(staging, TrustConfig.AllowedFile), overwrite: true);
                }

                if (parse.GetValue(ekus) is { } ekuFile)
                {
                    File.Copy(ekuFile.FullName, Path.Combine(staging, TrustConfig.EkusFile), overwrite: true);
                }

                // Check that it parses before it replaces anything.
                var probe = new TrustStoreBuilder();
                AddFrom(probe, staging);
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }

                Directory.Move(staging, folder);
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                if (Directory.Exists(staging))
                {
                    Directory.Delete(staging, recursive: true);
                }

                error.WriteLine($"error: the list '{listName}' was not added: {e.Message}");
                return ExitCodes.Error;
            }

            TrustConfig.Reset();
            parse.InvocationConfiguration.Output.WriteLine(forIdentities
                ? $"Added the CAWG identity anchor list '{listName}' ({folder})."
                : $"Added the trust list '{listName}' ({folder}).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void AddFrom(TrustStoreBuilder builder, string folder)
    {
        var anchors = PemCertificates.Parse(File.ReadAllText(Path.Combine(folder, TrustConfig.AnchorsFile)));
        if (anchors.Count == 0 && !File.Exists(Path.Combine(folder, TrustConfig.AllowedFile)))
        {
            throw new FormatException("the file holds no PEM certificate");
        }

        builder.AddSignerAnchors(anchors);
        if (File.Exists(Path.Combine(folder, TrustConfig.AllowedFile)))
        {
            builder.AddAllowedEndEntities(File.ReadAllText(Path.Combine(folder, TrustConfig.AllowedFile)));
        }

        if (File.Exists(Path.Combine(folder, TrustConfig.EkusFile)))
        {
            builder.AddSignerEkusFromConfig(File.ReadAllText(Path.Combine(folder, TrustConfig.EkusFile)));
        }
    }

    private static Command Remove()
    {
        var name = new Argument<string>("name") { Description = "The name the list was added under." };
        var identity = new Option<bool>("--identity") { Description = "Remove a CAWG identity anchor list (added with --identity)." };
        var command = new Command("remove", "Remove a trust list of your own.") { name, identity };
        command.SetAction(parse =>
        {
            var listName = parse.GetValue(name)!;
            var folder = Path.Combine(parse.GetValue(identity) ? TrustConfig.IdentityListsDirectory : TrustConfig.ListsDirectory, listName);
            if (listName.Contains('/', StringComparison.Ordinal) || listName.Contains('\\', StringComparison.Ordinal) || listName.StartsWith('.') || !Directory.Exists(folder))
            {
                parse.InvocationConfiguration.Error.WriteLine($"error: there is no trust list '{listName}'");
                return ExitCodes.Error;
            }

            Directory.Delete(folder, recursive: true);
            TrustConfig.Reset();
            parse.InvocationConfiguration.Output.WriteLine($"Removed the trust list '{listName}'.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
