using System.CommandLine;
using System.Globalization;
using MediaTrust.Cli.Trust;
using MediaTrust.Pki;

namespace MediaTrust.Cli.Commands;

/// <summary>
/// <c>mediatrust trust-list show|add|remove</c>: the lists every validating command trusts by default (docs/cli.md, "Default trust"),
/// kept in the per-user config directory.
/// </summary>
internal static class TrustListCommand
{
    public static Command Create()
    {
        var command = new Command("trust-list", "Show and change the trust lists validating commands use by default (the official C2PA lists and your own).");
        command.Subcommands.Add(Show());
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
            var (signers, tsas) = TrustConfig.OfficialLists();
            foreach (var list in new[] { signers, tsas })
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{list.Info.Name}: official, {list.Info.Source}, issued {list.Info.IssueDate:yyyy-MM-dd}, {list.Entries.Count} certificates ({list.Entries.Count(e => !e.IsTrusted)} no longer trusted)"));
                if (list.Info.NextUpdate is { } next && next < DateTimeOffset.UtcNow)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  warning: past its next update ({next:yyyy-MM-dd}); a newer list may exist ('mediatrust trust-list update' is not automatic)"));
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

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Add()
    {
        var name = new Argument<string>("name") { Description = "A name for the list, e.g. newsroom (letters, digits, '-', '_' and '.')." };
        var file = new Argument<FileInfo>("file") { Description = "PEM trust anchors for claim signers." };
        var allowed = new Option<FileInfo?>("--allowed-list") { Description = "Legacy interim format: SHA-256 fingerprints (or PEM) of end-entity certificates trusted as they are." };
        var ekus = new Option<FileInfo?>("--trust-config") { Description = "Legacy interim format: accepted signer EKU OIDs, one per line (store.cfg)." };
        var command = new Command("add", "Add a trust list of your own, used by every validating command unless --no-default-trust.") { name, file, allowed, ekus };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            var listName = parse.GetValue(name)!;
            if (listName.Length == 0 || listName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) || listName.StartsWith('.'))
            {
                error.WriteLine($"error: '{listName}' is not a list name (use letters, digits, '-', '_' and '.')");
                return ExitCodes.Usage;
            }

            var folder = Path.Combine(TrustConfig.ListsDirectory, listName);
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
            parse.InvocationConfiguration.Output.WriteLine($"Added the trust list '{listName}' ({folder}).");
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
        var command = new Command("remove", "Remove a trust list of your own.") { name };
        command.SetAction(parse =>
        {
            var listName = parse.GetValue(name)!;
            var folder = Path.Combine(TrustConfig.ListsDirectory, listName);
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
