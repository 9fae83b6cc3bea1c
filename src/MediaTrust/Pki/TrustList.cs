using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace MediaTrust.Pki;

/// <summary>Where a trust list comes from, which decides how a verdict relying on it is worded (docs/validation.md, "Default trust").</summary>
public enum TrustListKind
{
    /// <summary>A list published by C2PA (the C2PA Trust List or the C2PA TSA Trust List, spec 2.4 §14.4.1, §14.4.2).</summary>
    Official,

    /// <summary>A list the user added: PEM trust anchors.</summary>
    User,

    /// <summary>A list in the legacy interim formats: PEM anchors, a SHA-256 end-entity allow-list and an allowed-EKU file.</summary>
    LegacyInterim,
}

/// <summary>What identifies a trust list in a verdict: its name and issue date, and where it was read from.</summary>
/// <param name="Name">The scheme name, e.g. <c>C2PA Trust List</c>, or the name the user gave the list.</param>
/// <param name="Kind">Official, user or legacy interim.</param>
public sealed record TrustListInfo(string Name, TrustListKind Kind)
{
    /// <summary>The list's sequence number (LoTESequenceNumber), when it has one.</summary>
    public long? SequenceNumber { get; init; }

    /// <summary>When the list was issued (ListIssueDateTime), when known.</summary>
    public DateTimeOffset? IssueDate { get; init; }

    /// <summary>When the publisher plans the next issue (NextUpdate); past it the list is stale.</summary>
    public DateTimeOffset? NextUpdate { get; init; }

    /// <summary>Where the list was read from: <c>bundled</c>, a file path or a URL.</summary>
    public string? Source { get; init; }

    /// <summary>The name and issue date in words, e.g. <c>C2PA Trust List (issued 2026-08-05)</c>.</summary>
    public string Describe() => IssueDate is { } issued
        ? string.Create(CultureInfo.InvariantCulture, $"{Name} (issued {issued.UtcDateTime:yyyy-MM-dd})")
        : Name;
}

/// <summary>One certificate on a trust list, with the entity it belongs to and its status.</summary>
/// <param name="EntityName">The trusted entity (TEName), e.g. <c>Google LLC</c>.</param>
/// <param name="ServiceName">The service (ServiceName), e.g. the CA's name.</param>
/// <param name="Certificate">The certificate (ServiceDigitalIdentity).</param>
/// <param name="Status">The ServiceStatus URI; trusted when it ends in <c>/trusted</c>.</param>
/// <param name="StatusStartingTime">When that status took effect.</param>
public sealed record TrustListEntry(string? EntityName, string? ServiceName, X509Certificate2 Certificate, string? Status, DateTimeOffset? StatusStartingTime)
{
    /// <summary>True when the status is trusted (a URI ending in <c>/trusted</c>, or no status at all, as in a PEM list).</summary>
    public bool IsTrusted => Status is null || Status.EndsWith("/trusted", StringComparison.Ordinal);
}

/// <summary>
/// A parsed trust list: the C2PA lists are published as JSON lists of trusted entities (an ETSI-style
/// "LoTE": ListAndSchemeInformation and TrustedEntitiesList) and, for older tools, as PEM bundles.
/// </summary>
public sealed class TrustList
{
    private TrustList(TrustListInfo info, IReadOnlyList<TrustListEntry> entries)
    {
        Info = info;
        Entries = entries;
    }

    /// <summary>The list's name, dates and source.</summary>
    public TrustListInfo Info { get; }

    /// <summary>Every certificate on the list, trusted or not.</summary>
    public IReadOnlyList<TrustListEntry> Entries { get; }

    /// <summary>Parses a JSON trust list (LoTE: ListAndSchemeInformation, TrustedEntitiesList).</summary>
    /// <exception cref="FormatException">The text is not such a list, or a certificate does not parse.</exception>
    public static TrustList ParseJson(ReadOnlyMemory<byte> json, TrustListKind kind = TrustListKind.Official, string? source = null)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("LoTE", out var lote))
            {
                root = lote;
            }

            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("ListAndSchemeInformation", out var scheme)
                || !root.TryGetProperty("TrustedEntitiesList", out var entities) || entities.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("not a trust list: ListAndSchemeInformation or TrustedEntitiesList is missing");
            }

            var info = new TrustListInfo(Text(scheme, "SchemeName") ?? "unnamed trust list", kind)
            {
                SequenceNumber = scheme.TryGetProperty("LoTESequenceNumber", out var sequence) && sequence.TryGetInt64(out var number) ? number : null,
                IssueDate = Date(scheme, "ListIssueDateTime"),
                NextUpdate = Date(scheme, "NextUpdate"),
                Source = source,
            };
            var entries = new List<TrustListEntry>();
            foreach (var entity in entities.EnumerateArray())
            {
                var entityName = entity.TryGetProperty("TrustedEntityInformation", out var information) ? Text(information, "TEName") : null;
                if (!entity.TryGetProperty("TrustedEntityServices", out var services) || services.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var service in services.EnumerateArray())
                {
                    if (!service.TryGetProperty("ServiceInformation", out var serviceInformation))
                    {
                        continue;
                    }

                    var status = serviceInformation.TryGetProperty("ServiceStatus", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                    var since = Date(serviceInformation, "StatusStartingTime");
                    var name = Text(serviceInformation, "ServiceName");
                    if (!serviceInformation.TryGetProperty("ServiceDigitalIdentity", out var identity)
                        || !identity.TryGetProperty("X509Certificates", out var certificates) || certificates.ValueKind != JsonValueKind.Array)
                    {
                        continue;
                    }

                    foreach (var certificate in certificates.EnumerateArray())
                    {
                        if (certificate.ValueKind == JsonValueKind.Object && certificate.TryGetProperty("val", out var val) && val.ValueKind == JsonValueKind.String)
                        {
                            var der = Convert.FromBase64String(val.GetString()!);
                            var loaded = CertificateLoader.TryLoad(der, out var problem)
                                ?? throw new FormatException($"the certificate of '{name}' does not parse: {problem}");
                            entries.Add(new TrustListEntry(entityName, name, loaded, status, since));
                        }
                    }
                }
            }

            return new TrustList(info, entries);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new FormatException($"not a JSON trust list: {e.Message}", e);
        }
    }

    /// <summary>A list from a PEM bundle: every certificate trusted, with no entity names or dates.</summary>
    public static TrustList FromPem(string pem, TrustListInfo info) =>
        new(info, [.. PemCertificates.Parse(pem).Select(c => new TrustListEntry(null, DistinguishedNames.Find(c.SubjectName, "2.5.4.3"), c, null, null))]);

    /// <summary>Reads a list file: JSON when it starts with '{', PEM otherwise.</summary>
    /// <exception cref="FormatException">Neither a JSON list nor PEM holding at least one certificate.</exception>
    public static TrustList Parse(byte[] content, TrustListInfo pemInfo)
    {
        var text = System.Text.Encoding.UTF8.GetString(content).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith('{'))
        {
            return ParseJson(content, pemInfo.Kind, pemInfo.Source);
        }

        var list = FromPem(text, pemInfo);
        return list.Entries.Count > 0 ? list : throw new FormatException("neither a JSON trust list nor PEM certificates");
    }

    /// <summary>The first value of a multilingual name array (<c>[{"lang": "en", "value": …}]</c>), English first.</summary>
    private static string? Text(JsonElement parent, string property)
    {
        if (!parent.TryGetProperty(property, out var names))
        {
            return null;
        }

        if (names.ValueKind == JsonValueKind.String)
        {
            return names.GetString();
        }

        if (names.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        string? first = null;
        foreach (var name in names.EnumerateArray())
        {
            if (name.ValueKind == JsonValueKind.Object && name.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String)
            {
                if (name.TryGetProperty("lang", out var lang) && lang.ValueKind == JsonValueKind.String && lang.GetString() == "en")
                {
                    return value.GetString();
                }

                first ??= value.GetString();
            }
        }

        return first;
    }

    private static DateTimeOffset? Date(JsonElement parent, string property) =>
        parent.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : null;
}
