using MediaTrust.Formats;
using MediaTrust.IO;
using MediaTrust.Json;
using MediaTrust.Manifests;
using MediaTrust.Spec;
using MediaTrust.Validation;

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
public sealed partial class Reader
{
    private Reader(ManifestStore store, IAssetFormat? format, int storeCount, ValidationReport? validation = null)
    {
        Store = store;
        AssetFormat = format;
        EmbeddedStoreCount = storeCount;
        Validation = validation;

        // Views decode every assertion; build them only when asked (verifying needs none).
        _manifests = new Lazy<IReadOnlyList<ReaderManifest>>(() => [.. store.Manifests.Select(m => ReaderViews.Manifest(store, m))]);
    }

    private readonly Lazy<IReadOnlyList<ReaderManifest>> _manifests;

    /// <summary>The label of the active manifest (the last one in the store, spec 2.2 §15.5.1).</summary>
    public string? ActiveManifestLabel => Store.ActiveManifest?.Label;

    /// <summary>The active manifest.</summary>
    public ReaderManifest? ActiveManifest => Manifests.Count > 0 ? Manifests[^1] : null;

    /// <summary>Every manifest in store order; the last is the active one.</summary>
    public IReadOnlyList<ReaderManifest> Manifests => _manifests.Value;

    /// <summary>The asset's media type, e.g. <c>image/jpeg</c>.</summary>
    public string MediaType => AssetFormat?.MediaTypes[0] ?? "application/octet-stream";

    /// <summary>
    /// The validation of the store against the asset, when it was asked for (<see cref="ReadAsync"/>);
    /// null when the store was only read (<see cref="FromStream"/>).
    /// </summary>
    public ValidationReport? Validation { get; }

    /// <summary>
    /// How many manifest stores the asset embeds. More than one makes the asset invalid (spec 2.2
    /// §15.5.2.1); the reader shows the first.
    /// </summary>
    public int EmbeddedStoreCount { get; }

    internal ManifestStore Store { get; }

    internal IAssetFormat? AssetFormat { get; }

    /// <summary>Reads the manifest store of a seekable stream.</summary>
    /// <exception cref="NoManifestException">The asset carries no manifest store.</exception>
    /// <exception cref="MalformedContentException">The asset or its store does not parse; the message says what and where.</exception>
    /// <exception cref="NotSupportedException">The format is not recognized.</exception>
    public static Reader FromStream(Stream asset, ReaderOptions? options = null)
    {
        var (store, format, layout) = Load(ref asset, options ?? new ReaderOptions());
        return new Reader(store, format, layout.Stores.Count);
    }

    /// <summary>
    /// Reads the manifest store embedded in <paramref name="asset"/> and validates it (spec 2.2 §15)
    /// with <see cref="ReaderOptions.Validation"/>: signature, trust, time-stamps, assertions,
    /// ingredients and the asset's content. Bad content becomes findings in <see cref="Validation"/>.
    /// </summary>
    /// <inheritdoc cref="FromStream" path="/exception"/>
    /// <remarks>
    /// With no embedded store but an XMP remote reference (spec 2.2 §11.4), the store is fetched only when
    /// <see cref="ReaderOptions.RemoteFetch"/> allows network access, and the asset is validated against it
    /// (<see cref="ManifestSource.Remote"/>). A fetch that fails throws <see cref="NoManifestException"/> with
    /// <see cref="NoManifestException.StatusCode"/> <c>manifest.inaccessible</c> (§15.5.3).
    /// </remarks>
    public static async Task<Reader> ReadAsync(Stream asset, ReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(asset);
        options ??= new ReaderOptions();
        asset = Seekable(asset);
        ManifestStore store;
        IAssetFormat format;
        AssetLayout layout;
        try
        {
            (store, format, layout) = Load(ref asset, options);
        }
        catch (NoManifestException e) when (e.RemoteManifestUrl is { } url && options.RemoteFetch is { AllowNetwork: true } fetch)
        {
            return await ReadRemoteAsync(asset, url, fetch, options, cancellationToken);
        }

        var report = options.Validation is { } validation
            ? await new ManifestValidator(store, validation).ValidateAsync(new AssetContext(asset, format, layout, ManifestSource.Embedded), cancellationToken)
            : null;
        return new Reader(store, format, layout.Stores.Count, report);
    }

    /// <summary>
    /// Validates <paramref name="asset"/> against a manifest store kept outside it: a <c>.c2pa</c>
    /// sidecar, or a remote store downloaded earlier (spec 2.2 §11.4–11.5). No network is used.
    /// </summary>
    /// <exception cref="MalformedContentException">The store does not parse.</exception>
    /// <exception cref="NoManifestException">The store holds no manifest.</exception>
    public static async Task<Reader> ReadWithManifestAsync(Stream asset, ReadOnlyMemory<byte> manifestStore, ReaderOptions? options = null,
        ManifestSource source = ManifestSource.Sidecar, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(asset);
        options ??= new ReaderOptions();
        asset = Seekable(asset);
        if (manifestStore.Length > options.MaxStoreLength)
        {
            throw new MalformedContentException($"manifest store of {manifestStore.Length} bytes exceeds the {options.MaxStoreLength}-byte limit");
        }

        var store = ManifestStore.Parse(manifestStore);
        if (store.Manifests.Count == 0)
        {
            throw new NoManifestException("The manifest store holds no manifests.");
        }

        var format = AssetFormats.Detect(asset);
        // A standalone store's own store is not the one validated: its layout is left unread (partial).
        var layout = format is null ? AssetLayout.Empty : format.IsStandaloneStore ? new AssetLayout { Partial = true } : format.ReadLayout(asset, cancellationToken);
        var report = options.Validation is { } validation
            ? await new ManifestValidator(store, validation).ValidateAsync(new AssetContext(asset, format, layout, source), cancellationToken)
            : null;
        return new Reader(store, format, layout.Stores.Count, report);
    }

    /// <summary>Reads and validates a file; with no embedded store, a sibling <c>NAME.c2pa</c> sidecar is used, as c2pa-rs does.</summary>
    /// <inheritdoc cref="FromStream" path="/exception"/>
    public static async Task<Reader> ReadFileAsync(string path, ReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess);
        try
        {
            return await ReadAsync(stream, options, cancellationToken);
        }
        catch (NoManifestException) when (File.Exists(Path.ChangeExtension(path, ".c2pa")) && !path.EndsWith(".c2pa", StringComparison.OrdinalIgnoreCase))
        {
            var sidecar = await File.ReadAllBytesAsync(Path.ChangeExtension(path, ".c2pa"), cancellationToken);
            return await ReadWithManifestAsync(stream, sidecar, options, ManifestSource.Sidecar, cancellationToken);
        }
    }

    private static Stream Seekable(Stream asset)
    {
        if (asset.CanSeek)
        {
            return asset;
        }

        var copy = new MemoryStream();
        asset.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }

    private static (ManifestStore Store, IAssetFormat Format, AssetLayout Layout) Load(ref Stream asset, ReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(asset);
        asset = Seekable(asset);
        var format = AssetFormats.Detect(asset) ?? throw new NotSupportedException("The asset's format is not recognized (no known magic bytes).");
        var layout = format.ReadStores(asset);
        if (layout.Stores.Count == 0)
        {
            throw new NoManifestException(layout.RemoteManifestUrl is null
                ? $"No C2PA manifest store found in this {format.Name} file."
                : $"No embedded C2PA manifest store; the {format.Name} file references a remote manifest at {layout.RemoteManifestUrl}.")
            {
                RemoteManifestUrl = layout.RemoteManifestUrl,
            };
        }

        // A format may combine several stores into one (PDF, spec 2.2 §A.4.2.1).
        var jumbf = format.StoreToRead(layout);
        if (jumbf.Length > options.MaxStoreLength)
        {
            throw new MalformedContentException($"manifest store of {jumbf.Length} bytes exceeds the {options.MaxStoreLength}-byte limit", ValidationStatusCodes.GeneralError, layout.Stores[0].Carriage[0].Start);
        }

        var store = ManifestStore.Parse(jumbf);
        if (store.Manifests.Count == 0)
        {
            throw new NoManifestException($"The {format.Name} file has a C2PA manifest store with no manifests.");
        }

        return (store, format, layout);
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
