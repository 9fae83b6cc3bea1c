using System.Text.Json;

namespace MediaTrust.Assertions;

/// <summary>
/// The C2PA soft binding algorithm list (spec 2.4 §18.10.4), bundled as a dated snapshot so that validation never
/// reaches the network. The list says which <c>alg</c> names are registered, whether each is a watermark or a
/// fingerprint, and which are deprecated (never written, §18.10.4; reported as <c>algorithm.deprecated</c> on read).
/// </summary>
internal sealed class SoftBindingAlgorithmList
{
    /// <summary>The newest <c>dateEntered</c> in the bundled snapshot: entries registered after it are unknown to this build.</summary>
    public const string SnapshotDate = "2026-03-18";

    /// <summary>Where the C2PA publishes the list (spec 2.4 §18.10.4).</summary>
    public const string PublishedAt = "https://spec.c2pa.org/softbinding-alg-list/softbinding-algorithm-list.json";

    private const string ResourceName = "MediaTrust.softbinding-algorithm-list.json";

    /// <summary>A bound on the list document: the 2026 list is 18 KB.</summary>
    private const int MaxListBytes = 4 * 1024 * 1024;

    private static readonly Lazy<SoftBindingAlgorithmList> BundledList = new(LoadBundled);

    private readonly Dictionary<string, SoftBindingAlgorithm> _byName;

    private SoftBindingAlgorithmList(IReadOnlyList<SoftBindingAlgorithm> algorithms)
    {
        Algorithms = algorithms;
        _byName = new Dictionary<string, SoftBindingAlgorithm>(StringComparer.Ordinal);
        foreach (var algorithm in algorithms)
        {
            _byName.TryAdd(algorithm.Name, algorithm);
        }
    }

    /// <summary>The list bundled with this build (<see cref="SnapshotDate"/>).</summary>
    public static SoftBindingAlgorithmList Bundled => BundledList.Value;

    /// <summary>Every entry, in list order.</summary>
    public IReadOnlyList<SoftBindingAlgorithm> Algorithms { get; }

    /// <summary>The entry named <paramref name="alg"/> (an exact, case-sensitive match), or null when it is not listed.</summary>
    public SoftBindingAlgorithm? Find(string alg) => _byName.GetValueOrDefault(alg);

    /// <summary>Parses a list in the format of spec 2.4 §18.10.4 (for a newer list than the bundled one).</summary>
    /// <exception cref="ArgumentException">The document is not such a list.</exception>
    public static SoftBindingAlgorithmList Parse(ReadOnlySpan<byte> json)
    {
        if (json.Length > MaxListBytes)
        {
            throw new ArgumentException($"the algorithm list is {json.Length} bytes; at most {MaxListBytes} are accepted", nameof(json));
        }

        try
        {
            using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new ArgumentException("the algorithm list is not a JSON array", nameof(json));
            }

            var algorithms = new List<SoftBindingAlgorithm>();
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object
                    || !entry.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String
                    || !entry.TryGetProperty("identifier", out var id) || !id.TryGetInt32(out var identifier))
                {
                    throw new ArgumentException("an algorithm list entry has no alg or identifier", nameof(json));
                }

                var type = entry.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
                var deprecated = entry.TryGetProperty("deprecated", out var d) && d.ValueKind == JsonValueKind.True;
                var description = entry.TryGetProperty("entryMetadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                    && metadata.TryGetProperty("description", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;
                algorithms.Add(new SoftBindingAlgorithm(identifier, alg.GetString()!, type == "watermark" ? SoftBindingType.Watermark : SoftBindingType.Fingerprint,
                    deprecated, description));
            }

            return new SoftBindingAlgorithmList(algorithms);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"the algorithm list is not valid JSON: {e.Message}", nameof(json), e);
        }
    }

    private static SoftBindingAlgorithmList LoadBundled()
    {
        using var stream = typeof(SoftBindingAlgorithmList).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the resource {ResourceName} is missing from the build");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Parse(buffer.ToArray());
    }
}

/// <summary>Whether a soft binding algorithm is an invisible watermark or a fingerprint (spec 2.4 §18.10.4).</summary>
internal enum SoftBindingType
{
    /// <summary>A value embedded invisibly in the content and decoded from it.</summary>
    Watermark,

    /// <summary>A value computed from the content, matched by similarity.</summary>
    Fingerprint,
}

/// <summary>One entry of the soft binding algorithm list.</summary>
/// <param name="Identifier">The number the C2PA assigned.</param>
/// <param name="Name">The <c>alg</c> value, e.g. <c>io.iscc.v0</c>.</param>
/// <param name="Type">Watermark or fingerprint.</param>
/// <param name="Deprecated">Deprecated algorithms are never written and should not be resolved (spec 2.4 §18.10.4).</param>
/// <param name="Description">The entry's human-readable description.</param>
internal sealed record SoftBindingAlgorithm(int Identifier, string Name, SoftBindingType Type, bool Deprecated, string? Description);
