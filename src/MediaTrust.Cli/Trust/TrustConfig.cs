using MediaTrust.Pki;

namespace MediaTrust.Cli.Trust;

/// <summary>
/// The trust the CLI starts from (docs/cli.md, "Default trust"): the official C2PA lists — the copies that
/// <c>trust-list update</c> downloaded into the per-user config directory when they parse, else the bundled ones —
/// plus the user's lists added with <c>trust-list add</c>. Read once per process.
/// </summary>
internal static class TrustConfig
{
    public const string AnchorsFile = "anchors.pem";
    public const string AllowedFile = "allowed.txt";
    public const string EkusFile = "ekus.cfg";

    private static readonly Lock Gate = new();
    private static (string Directory, TrustStore Trust)? _defaults;

    /// <summary>The per-user config directory: <c>MEDIATRUST_CONFIG_DIR</c>, else <c>$XDG_CONFIG_HOME/mediatrust</c>, else the platform's (e.g. <c>~/.config/mediatrust</c>).</summary>
    public static string Directory
    {
        get
        {
            if (Environment.GetEnvironmentVariable("MEDIATRUST_CONFIG_DIR") is { Length: > 0 } overridden)
            {
                return overridden;
            }

            if (Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg)
            {
                return Path.Combine(xdg, "mediatrust");
            }

            var appData = Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData);
            return Path.Combine(appData.Length > 0 ? appData : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config"), "mediatrust");
        }
    }

    /// <summary>Where downloaded official lists are kept, under their published file names.</summary>
    public static string OfficialDirectory => Path.Combine(Directory, "official");

    /// <summary>Where <c>trust-list update</c> keeps the copies it replaced.</summary>
    public static string PreviousOfficialDirectory => Path.Combine(OfficialDirectory, "previous");

    /// <summary>Where user lists are kept, one folder per name.</summary>
    public static string ListsDirectory => Path.Combine(Directory, "lists");

    /// <summary>
    /// Where the user's CAWG identity anchor lists are kept, one folder per name: apart from the C2PA lists, because CAWG
    /// identity 1.3 ("Trust model for X.509 certificates") keeps identity trust apart from claim-signer trust.
    /// </summary>
    public static string IdentityListsDirectory => Path.Combine(Directory, "identity-lists");

    /// <summary>The user's CAWG identity anchor lists, by name.</summary>
    public static IEnumerable<string> UserIdentityListNames() =>
        System.IO.Directory.Exists(IdentityListsDirectory)
            ? System.IO.Directory.EnumerateDirectories(IdentityListsDirectory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)
            : [];

    /// <summary>Adds every user CAWG identity anchor list to <paramref name="builder"/> (a list that does not parse is skipped with a warning).</summary>
    public static TrustStoreBuilder AddUserIdentityLists(TrustStoreBuilder builder)
    {
        foreach (var name in UserIdentityListNames())
        {
            try
            {
                builder.AddSignerAnchorsFromPem(File.ReadAllText(Path.Combine(IdentityListsDirectory, name, AnchorsFile)),
                    list: new TrustListInfo(name, TrustListKind.User) { Source = Path.Combine(IdentityListsDirectory, name) });
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"warning: the identity anchor list '{name}' is ignored: {e.Message}");
            }
        }

        return builder;
    }

    /// <summary>The default trust of every validating command (unless <c>--no-default-trust</c>).</summary>
    public static TrustStore DefaultTrust
    {
        get
        {
            var directory = Directory;
            lock (Gate)
            {
                if (_defaults is not { } cached || cached.Directory != directory)
                {
                    cached = (directory, Load());
                    _defaults = cached;
                }

                return cached.Trust;
            }
        }
    }

    /// <summary>Forgets the cached default trust, after <c>trust-list</c> changed the lists.</summary>
    public static void Reset()
    {
        lock (Gate)
        {
            _defaults = null;
        }
    }

    /// <summary>The official signer and TSA lists in use: each a downloaded copy when it parses and is newer than the bundled one.</summary>
    public static (TrustList Signers, TrustList TimeStamping) OfficialLists() =>
        (Choose(OfficialTrustLists.Signers).InUse, Choose(OfficialTrustLists.TimeStamping).InUse);

    /// <summary>
    /// Which copy of an official list is in use: the one <c>trust-list update</c> downloaded when it parses and is newer than the
    /// bundled one (a later issue date, or the same date and a higher sequence number; a PEM copy, which carries no date,
    /// when it was downloaded after the bundled list was issued), else the bundled one.
    /// </summary>
    public static OfficialListChoice Choose(OfficialTrustList list)
    {
        var bundled = list == OfficialTrustLists.Signers ? BundledTrustLists.Signers : BundledTrustLists.TimeStamping;
        var (downloaded, downloadedAt, problem) = Downloaded(list);
        var useDownloaded = downloaded is not null && IsNewer(downloaded, downloadedAt, bundled);
        return new OfficialListChoice(useDownloaded ? downloaded! : bundled, bundled, downloaded, downloadedAt, problem);
    }

    /// <summary>True when <paramref name="candidate"/> is a later issue of the list than <paramref name="bundled"/>.</summary>
    internal static bool IsNewer(TrustList candidate, DateTimeOffset downloadedAt, TrustList bundled)
    {
        if (bundled.Info.IssueDate is not { } bundledIssue)
        {
            return true;
        }

        if (candidate.Info.IssueDate is not { } issued)
        {
            return downloadedAt > bundledIssue;
        }

        return issued > bundledIssue || (issued == bundledIssue && (candidate.Info.SequenceNumber ?? 0) > (bundled.Info.SequenceNumber ?? 0));
    }

    /// <summary>The user's lists, by name.</summary>
    public static IEnumerable<string> UserListNames() =>
        System.IO.Directory.Exists(ListsDirectory)
            ? System.IO.Directory.EnumerateDirectories(ListsDirectory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)
            : [];

    /// <summary>Adds a user list's anchors, allow-list and EKUs to <paramref name="builder"/>.</summary>
    /// <exception cref="FormatException">A file of the list does not parse.</exception>
    public static TrustListInfo AddUserList(TrustStoreBuilder builder, string name)
    {
        var folder = Path.Combine(ListsDirectory, name);
        var allowed = Path.Combine(folder, AllowedFile);
        var ekus = Path.Combine(folder, EkusFile);
        var legacy = File.Exists(allowed) || File.Exists(ekus);
        var info = new TrustListInfo(name, legacy ? TrustListKind.LegacyInterim : TrustListKind.User)
        {
            IssueDate = File.Exists(Path.Combine(folder, AnchorsFile)) ? File.GetLastWriteTimeUtc(Path.Combine(folder, AnchorsFile)) : null,
            Source = folder,
        };
        if (File.Exists(Path.Combine(folder, AnchorsFile)))
        {
            builder.AddSignerAnchorsFromPem(File.ReadAllText(Path.Combine(folder, AnchorsFile)), list: info);
        }

        if (File.Exists(allowed))
        {
            builder.AddAllowedEndEntities(File.ReadAllText(allowed), info);
        }

        if (File.Exists(ekus))
        {
            builder.AddSignerEkusFromConfig(File.ReadAllText(ekus));
        }

        return info;
    }

    private static TrustStore Load()
    {
        var (signers, timeStamping) = OfficialLists();
        var builder = new TrustStoreBuilder().AddOfficialLists(signers, timeStamping);
        foreach (var name in UserListNames())
        {
            try
            {
                AddUserList(builder, name);
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"warning: the trust list '{name}' is ignored: {e.Message}");
            }
        }

        return builder.Build();
    }

    /// <summary>The downloaded copy of an official list (JSON, else PEM), when there is one, with when it was downloaded and why it is ignored.</summary>
    private static (TrustList? List, DateTimeOffset DownloadedAt, string? Problem) Downloaded(OfficialTrustList list)
    {
        foreach (var file in new[] { list.JsonFile, list.PemFile })
        {
            var path = Path.Combine(OfficialDirectory, file);
            if (!File.Exists(path))
            {
                continue;
            }

            var downloadedAt = new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);
            try
            {
                var info = new TrustListInfo(list.SchemeName, TrustListKind.Official) { Source = path };
                return (TrustList.Parse(File.ReadAllBytes(path), info), downloadedAt, null);
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"warning: the downloaded list {path} is ignored ({e.Message}); using the bundled one");
                return (null, downloadedAt, e.Message);
            }
        }

        return (null, default, null);
    }
}

/// <summary>The copy of an official list in use, and the copies it was chosen from.</summary>
/// <param name="InUse">The bundled or the downloaded list.</param>
/// <param name="Bundled">The list this version was built with.</param>
/// <param name="Downloaded">The copy <c>trust-list update</c> stored, when there is one and it parses.</param>
/// <param name="DownloadedAt">When that copy was stored.</param>
/// <param name="DownloadProblem">Why a stored copy is ignored, when it does not parse.</param>
internal sealed record OfficialListChoice(TrustList InUse, TrustList Bundled, TrustList? Downloaded, DateTimeOffset DownloadedAt, string? DownloadProblem)
{
    /// <summary>True when the downloaded copy is in use.</summary>
    public bool UsesDownloaded => Downloaded is not null && ReferenceEquals(InUse, Downloaded);
}
