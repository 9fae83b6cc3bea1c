using MediaTrust.Pki;

namespace MediaTrust.Cli.Trust;

/// <summary>
/// The trust the CLI starts from (docs/cli.md, "Default trust"): the official C2PA lists — the copies that
/// <c>trust-list update</c> downloaded into the per-user config directory when they parse, else the bundled ones —
/// plus the user's lists added with <c>trust-list add</c>. Read once per process.
/// </summary>
internal static class TrustConfig
{
    public const string SignerListFile = "C2PA-TRUST-LIST.json";
    public const string TimeStampListFile = "C2PA-TSA-TRUST-LIST.json";
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

    /// <summary>Where downloaded official lists are kept.</summary>
    public static string OfficialDirectory => Path.Combine(Directory, "official");

    /// <summary>Where user lists are kept, one folder per name.</summary>
    public static string ListsDirectory => Path.Combine(Directory, "lists");

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

    /// <summary>The official signer and TSA lists in use: downloaded copies that parse, else the bundled ones.</summary>
    public static (TrustList Signers, TrustList TimeStamping) OfficialLists() =>
        (Downloaded(SignerListFile) ?? BundledTrustLists.Signers, Downloaded(TimeStampListFile) ?? BundledTrustLists.TimeStamping);

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

    private static TrustList? Downloaded(string file)
    {
        var path = Path.Combine(OfficialDirectory, file);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return TrustList.ParseJson(File.ReadAllBytes(path), TrustListKind.Official, path);
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"warning: the downloaded list {path} is ignored ({e.Message}); using the bundled one");
            return null;
        }
    }
}
