using System.Security.Cryptography.X509Certificates;

namespace MediaTrust.Pki;

/// <summary>
/// Collects what a <see cref="TrustStore"/> will trust; <see cref="Build"/> freezes it. Anchors for
/// signers, anchors for time-stamping authorities (§14.4.2), allowed end-entity certificates (§14.4.3)
/// and extra accepted EKUs are kept apart.
/// </summary>
public sealed class TrustStoreBuilder
{
    private readonly List<TrustAnchor> _signerAnchors = [];
    private readonly List<TrustAnchor> _timeStampAnchors = [];
    private readonly Dictionary<string, TrustListInfo?> _allowed = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _signerEkus = new(TrustStore.DefaultSignerEkus, StringComparer.Ordinal);
    private readonly List<TrustListInfo> _lists = [];

    /// <summary>An empty builder: no anchors, the default EKUs.</summary>
    public TrustStoreBuilder()
    {
    }

    /// <summary>A builder starting from everything <paramref name="from"/> holds.</summary>
    public TrustStoreBuilder(TrustStore from)
    {
        ArgumentNullException.ThrowIfNull(from);
        _signerAnchors.AddRange(from.SignerAnchors);
        _timeStampAnchors.AddRange(from.TimeStampAnchors);
        foreach (var (fingerprint, list) in from.Allowed)
        {
            _allowed[fingerprint] = list;
        }

        _signerEkus.Clear();
        _signerEkus.UnionWith(from.SignerEkus);
        _lists.AddRange(from.Lists);
    }

    /// <summary>Freezes what was added into a store; later changes to this builder do not reach it.</summary>
    public TrustStore Build() => new(_signerAnchors, _timeStampAnchors, _allowed, _signerEkus, _lists);

    /// <summary>Adds claim-signer anchors, optionally only for signers with one of <paramref name="forEkus"/>, naming the list they come from.</summary>
    public TrustStoreBuilder AddSignerAnchors(IEnumerable<X509Certificate2> anchors, IEnumerable<string>? forEkus = null, TrustListInfo? list = null)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        var ekus = forEkus is null ? null : new HashSet<string>(forEkus, StringComparer.Ordinal);
        NoteList(list);
        _signerAnchors.AddRange(anchors.Select(anchor => new TrustAnchor(anchor, ekus) { List = list }));
        return this;
    }

    /// <summary>Adds claim-signer anchors from a PEM bundle (e.g. the C2PA Trust List, C2PA-TRUST-LIST.pem).</summary>
    public TrustStoreBuilder AddSignerAnchorsFromPem(string pem, IEnumerable<string>? forEkus = null, TrustListInfo? list = null) =>
        AddSignerAnchors(PemCertificates.Parse(pem), forEkus, list);

    /// <summary>Adds time-stamp authority anchors.</summary>
    public TrustStoreBuilder AddTimeStampAnchors(IEnumerable<X509Certificate2> anchors, TrustListInfo? list = null)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        NoteList(list);
        _timeStampAnchors.AddRange(anchors.Select(anchor => new TrustAnchor(anchor) { List = list }));
        return this;
    }

    /// <summary>Adds TSA anchors from a PEM bundle (e.g. C2PA-TSA-TRUST-LIST.pem).</summary>
    public TrustStoreBuilder AddTimeStampAnchorsFromPem(string pem, TrustListInfo? list = null) => AddTimeStampAnchors(PemCertificates.Parse(pem), list);

    /// <summary>
    /// Adds a signer list: each trusted entry becomes an anchor for <paramref name="forEkus"/> (every accepted EKU when null).
    /// An entry whose status is not trusted is trusted only for signatures made before its status took effect (§14.4.1 "notAfter").
    /// </summary>
    public TrustStoreBuilder AddSignerList(TrustList list, IEnumerable<string>? forEkus = null)
    {
        ArgumentNullException.ThrowIfNull(list);
        var ekus = forEkus is null ? null : new HashSet<string>(forEkus, StringComparer.Ordinal);
        NoteList(list.Info);
        _signerAnchors.AddRange(Anchors(list, ekus));
        return this;
    }

    /// <summary>Adds a TSA list, honouring each entry's status as <see cref="AddSignerList"/> does.</summary>
    public TrustStoreBuilder AddTimeStampList(TrustList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        NoteList(list.Info);
        _timeStampAnchors.AddRange(Anchors(list, null));
        return this;
    }

    /// <summary>
    /// Adds the official C2PA lists: the C2PA Trust List for the c2pa-kp-claimSigning EKU only (spec 2.4, "Restricted use of the
    /// C2PA Trust List"), and the C2PA TSA Trust List.
    /// </summary>
    public TrustStoreBuilder AddOfficialLists(TrustList signers, TrustList timeStamping) =>
        AddSignerList(signers, [CertificateProfile.ClaimSigningEku]).AddTimeStampList(timeStamping);

    /// <summary>Allows an end-entity certificate directly (trusted without a chain).</summary>
    public TrustStoreBuilder AllowEndEntity(X509Certificate2 certificate, TrustListInfo? list = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        NoteList(list);
        _allowed[TrustStore.Fingerprint(certificate)] = list;
        return this;
    }

    /// <summary>
    /// Adds claim-signer anchors from a PEM file, as a user list named by the file (<see cref="TrustListKind.User"/>,
    /// the file name, the full path as its source). The CLI's <c>--trust-anchors</c> and the server's settings both come here,
    /// so a verdict names a list the same way whichever front end read it.
    /// </summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public TrustStoreBuilder AddSignerAnchorsFromFile(string path) =>
        AddSignerAnchorsFromPem(File.ReadAllText(path), list: FileList(path, TrustListKind.User));

    /// <summary>Adds time-stamp authority anchors from a PEM file, as a user list named as <see cref="AddSignerAnchorsFromFile"/> names it.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public TrustStoreBuilder AddTimeStampAnchorsFromFile(string path) =>
        AddTimeStampAnchorsFromPem(File.ReadAllText(path), FileList(path, TrustListKind.User));

    /// <summary>
    /// Adds the end-entity allow-list in a file (read as <see cref="AddAllowedEndEntities"/> reads it), as a
    /// <see cref="TrustListKind.LegacyInterim"/> list: the allow-list is one of the legacy interim formats.
    /// </summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    /// <exception cref="FormatException">A line is neither PEM nor a SHA-256 fingerprint.</exception>
    public TrustStoreBuilder AddAllowedEndEntitiesFromFile(string path) =>
        AddAllowedEndEntities(File.ReadAllText(path), FileList(path, TrustListKind.LegacyInterim));

    /// <summary>
    /// Reads an allow-list as c2pa-rs accepts it (the legacy interim format): PEM certificates, and/or lines holding the
    /// SHA-256 fingerprint of a certificate's DER in base64 (c2pa-rs) or hex (with or without colons).
    /// </summary>
    /// <exception cref="FormatException">A line is neither PEM nor a SHA-256 fingerprint.</exception>
    public TrustStoreBuilder AddAllowedEndEntities(string text, TrustListInfo? list = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        NoteList(list);
        foreach (var certificate in PemCertificates.Parse(text))
        {
            _allowed[TrustStore.Fingerprint(certificate)] = list;
        }

        var inPem = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("-----BEGIN", StringComparison.Ordinal))
            {
                inPem = true;
                continue;
            }

            if (line.StartsWith("-----END", StringComparison.Ordinal))
            {
                inPem = false;
                continue;
            }

            if (inPem || line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal) || line.StartsWith('#'))
            {
                continue;
            }

            _allowed[ParseFingerprint(line)] = list;
        }

        return this;
    }

    /// <summary>
    /// Adds accepted signer EKUs from a c2pa-rs <c>store.cfg</c>: one OID per line, <c>//</c> comments.
    /// (id-kp-timeStamping and id-kp-OCSPSigning lines are ignored: those purposes are not claim signing, §14.5.1.1.)
    /// </summary>
    /// <exception cref="FormatException">A line is not an OID.</exception>
    public TrustStoreBuilder AddSignerEkusFromConfig(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var comment = line.IndexOf("//", StringComparison.Ordinal);
            if (comment >= 0)
            {
                line = line[..comment].Trim();
            }

            if (line.Length == 0)
            {
                continue;
            }

            if (!IsOid(line))
            {
                throw new FormatException($"'{line}' is not an OID (expected one dotted OID per line)");
            }

            if (line is not (CertificateProfile.TimeStampingEku or CertificateProfile.OcspSigningEku))
            {
                _signerEkus.Add(line);
            }
        }

        return this;
    }

    /// <summary>Replaces the accepted signer EKUs.</summary>
    public TrustStoreBuilder SetSignerEkus(IEnumerable<string> ekus)
    {
        _signerEkus.Clear();
        _signerEkus.UnionWith(ekus);
        return this;
    }

    /// <summary>How a list read from a file is named: by the file name, with its full path as the source.</summary>
    private static TrustListInfo FileList(string path, TrustListKind kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new TrustListInfo(Path.GetFileName(path), kind) { Source = Path.GetFullPath(path) };
    }

    private static IEnumerable<TrustAnchor> Anchors(TrustList list, HashSet<string>? ekus) =>
        list.Entries.Select(entry => new TrustAnchor(entry.Certificate, ekus)
        {
            List = list.Info,
            EntityName = entry.EntityName,
            NotAfter = entry.IsTrusted ? null : entry.StatusStartingTime ?? DateTimeOffset.MinValue,
        });

    private void NoteList(TrustListInfo? list)
    {
        if (list is not null && !_lists.Contains(list))
        {
            _lists.Add(list);
        }
    }

    private static string ParseFingerprint(string line)
    {
        var hex = line.Replace(":", string.Empty, StringComparison.Ordinal);
        if (hex.Length == 64 && hex.All(Uri.IsHexDigit))
        {
            return hex.ToLowerInvariant();
        }

        var bytes = new byte[48];
        if (Convert.TryFromBase64String(line, bytes, out var written) && written == 32)
        {
            return Convert.ToHexStringLower(bytes.AsSpan(0, 32));
        }

        throw new FormatException($"'{line}' is neither a PEM certificate nor a SHA-256 fingerprint (base64 or hex)");
    }

    private static bool IsOid(string text)
    {
        var parts = text.Split('.');
        return parts.Length >= 2 && parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit));
    }
}
