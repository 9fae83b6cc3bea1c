using MediaTrust.Formats;
using MediaTrust.Formats.Jpeg;
using MediaTrust.IO;
using MediaTrust.Json;
using MediaTrust.Manifests;

namespace MediaTrust;

/// <summary>
/// Reads the C2PA manifest store of an asset (JPEG, PNG, a <c>.c2pa</c> sidecar, and the other
/// registered formats). The format is found from the content, not the file name. Reading does not
/// validate: no trust, signature or binding verdict is computed or implied.
/// </summary>
/// <example><code>
/// var reader = Reader.FromFile("photo.jpg");
/// Console.WriteLine(reader.ActiveManifest?.Title);
/// Console.WriteLine(reader.ToJson());
/// </code></example>
public sealed class Reader
{
    private Reader(ManifestStore store, IAssetFormat format, int storeCount)
    {
        Store = store;
        AssetFormat = format;
        EmbeddedStoreCount = storeCount;
        var manifests = new List<ReaderManifest>(store.Manifests.Count);
        foreach (var manifest in store.Manifests)
        {
            manifests.Add(ReaderViews.Manifest(store, manifest));
        }

        Manifests = manifests;
    }

    /// <summary>The label of the active manifest (the last one in the store, spec 2.2 §15.5.1).</summary>
    public string? ActiveManifestLabel => Store.ActiveManifest?.Label;

    /// <summary>The active manifest.</summary>
    public ReaderManifest? ActiveManifest => Manifests.Count > 0 ? Manifests[^1] : null;

    /// <summary>Every manifest in store order; the last is the active one.</summary>
    public IReadOnlyList<ReaderManifest> Manifests { get; }

    /// <summary>The asset's media type, e.g. <c>image/jpeg</c>.</summary>
    public string MediaType => AssetFormat.MediaTypes[0];

    /// <summary>
    /// How many manifest stores the asset embeds. More than one makes the asset invalid (spec 2.2
    /// §15.5.2.1); the reader shows the first.
    /// </summary>
    public int EmbeddedStoreCount { get; }

    internal ManifestStore Store { get; }

    internal IAssetFormat AssetFormat { get; }

    /// <summary>Reads the manifest store of a seekable stream.</summary>
    /// <exception cref="NoManifestException">The asset carries no manifest store.</exception>
    /// <exception cref="MalformedContentException">The asset or its store does not parse; the message says what and where.</exception>
    /// <exception cref="NotSupportedException">The format is not recognized.</exception>
    public static Reader FromStream(Stream asset, ReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(asset);
        options ??= new ReaderOptions();
        if (!asset.CanSeek)
        {
            var copy = new MemoryStream();
            asset.CopyTo(copy);
            copy.Position = 0;
            asset = copy;
        }

        var format = AssetFormats.Detect(asset) ?? throw new NotSupportedException("The asset's format is not recognized (no known magic bytes).");
        var layout = format is JpegFormat ? JpegFormat.ReadStores(asset) : format.ReadLayout(asset);
        if (layout.Stores.Count == 0)
        {
            throw new NoManifestException(layout.RemoteManifestUrl is null
                ? $"No C2PA manifest store found in this {format.Name} file."
                : $"No embedded C2PA manifest store; the {format.Name} file references a remote manifest at {layout.RemoteManifestUrl}.")
            {
                RemoteManifestUrl = layout.RemoteManifestUrl,
            };
        }

        var jumbf = layout.Stores[0].Jumbf;
        if (jumbf.Length > options.MaxStoreLength)
        {
            throw new MalformedContentException($"manifest store of {jumbf.Length} bytes exceeds the {options.MaxStoreLength}-byte limit", "general.error", layout.Stores[0].Carriage[0].Start);
        }

        var store = ManifestStore.Parse(jumbf);
        if (store.Manifests.Count == 0)
        {
            throw new NoManifestException($"The {format.Name} file has a C2PA manifest store with no manifests.");
        }

        return new Reader(store, format, layout.Stores.Count);
    }

    /// <summary>Reads the manifest store of a file.</summary>
    /// <inheritdoc cref="FromStream" path="/exception"/>
    public static Reader FromFile(string path, ReaderOptions? options = null)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.RandomAccess);
        return FromStream(stream, options);
    }

    /// <summary>
    /// The store as c2pa-rs's Reader JSON (<c>active_manifest</c>, <c>manifests</c>). No
    /// <c>validation_state</c>/<c>validation_results</c>: reading computes no verdict.
    /// </summary>
    public string ToJson() => ReaderJson.Build(this).ToJsonString(ReaderJson.Options);

    /// <summary>The detailed view: per manifest the decoded claim, the assertion store and the signature (c2pa-rs <c>--detailed</c> shape).</summary>
    public string ToDetailedJson() => DetailedJson.Build(this).ToJsonString(ReaderJson.Options);

    /// <summary>
    /// Writes every embedded-file resource (thumbnails, icons) under <paramref name="directory"/>, one
    /// folder per manifest, and returns the paths written.
    /// </summary>
    public IReadOnlyList<string> WriteResources(string directory)
    {
        var written = new List<string>();
        foreach (var manifest in Store.Manifests)
        {
            foreach (var assertion in manifest.Assertions)
            {
                if (assertion.Kind != Assertions.AssertionKind.EmbeddedFile || assertion.Data.IsEmpty)
                {
                    continue;
                }

                var folder = Path.Combine(directory, SafeName(manifest.Label));
                Directory.CreateDirectory(folder);
                var path = Path.Combine(folder, SafeName(assertion.Label) + Extension(assertion.MediaType, assertion.Label));
                File.WriteAllBytes(path, assertion.Data.ToArray());
                written.Add(path);
            }
        }

        return written;
    }

    /// <summary>A file name for a label: characters that are not portable in file names become '_'.</summary>
    internal static string SafeName(string label)
    {
        var chars = label.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(chars[i]) || chars[i] is '.' or '-' or '_'))
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }

    private static string Extension(string? mediaType, string label)
    {
        if (Path.HasExtension(label) && label.LastIndexOf('.') > label.Length - 6)
        {
            var ext = Path.GetExtension(label);
            if (ext is ".jpg" or ".jpeg" or ".png" or ".svg" or ".webp" or ".gif")
            {
                return string.Empty;
            }
        }

        return mediaType switch
        {
            "image/jpeg" => ".jpg",
            "image/png" => ".png",
            "image/svg+xml" => ".svg",
            "image/webp" => ".webp",
            "image/gif" => ".gif",
            "image/avif" => ".avif",
            "image/heic" => ".heic",
            _ => ".bin",
        };
    }
}
