using MediaTrust.Formats;
using MediaTrust.Json;
using MediaTrust.Manifests;
using MediaTrust.Spec;
using MediaTrust.Validation;

namespace MediaTrust;

/// <summary>
/// Reads the C2PA manifest store of an asset (JPEG, PNG, a <c>.c2pa</c> sidecar, and the other
/// registered formats) and validates it unless the options say not to. The format is found from the content,
/// not the file name. Every entry point is asynchronous and takes one <see cref="ReaderOptions"/>.
/// </summary>
/// <example><code>
/// var reader = await Reader.ReadFileAsync("photo.jpg");
/// Console.WriteLine(reader.ActiveManifest?.Title);
/// Console.WriteLine(reader.Validation?.State);
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
        _manifests = new Lazy<IReadOnlyList<ReaderManifest>>(() => [.. store.Manifests.Select(m => ReaderViews.Manifest(store, m, validation))]);
    }

    private readonly Lazy<IReadOnlyList<ReaderManifest>> _manifests;

    /// <summary>The manifest store exactly as read (its JUMBF bytes), e.g. to publish it in a manifest repository.</summary>
    public ReadOnlyMemory<byte> ManifestStoreBytes => Store.Box.Raw;

    /// <summary>The label of the active manifest (the last one in the store, spec 2.2 §15.5.1).</summary>
    public string? ActiveManifestLabel => Store.ActiveManifest?.Label;

    /// <summary>The active manifest.</summary>
    public ReaderManifest? ActiveManifest => Manifests.Count > 0 ? Manifests[^1] : null;

    /// <summary>Every manifest in store order; the last is the active one.</summary>
    public IReadOnlyList<ReaderManifest> Manifests => _manifests.Value;

    /// <summary>The asset's media type, e.g. <c>image/jpeg</c>.</summary>
    public string MediaType => AssetFormat?.MediaTypes[0] ?? "application/octet-stream";

    /// <summary>
    /// The validation of the store against the asset; null when the store was only read
    /// (<see cref="ReaderOptions.Validation"/> null, <see cref="ReaderOptions.StoreOnly"/>).
    /// </summary>
    public ValidationReport? Validation { get; }

    /// <summary>
    /// How many manifest stores the asset embeds. More than one makes the asset invalid (spec 2.2
    /// §15.5.2.1); the reader shows the first.
    /// </summary>
    public int EmbeddedStoreCount { get; }

    internal ManifestStore Store { get; }

    internal IAssetFormat? AssetFormat { get; }

    /// <summary>
    /// Reads the manifest store embedded in <paramref name="asset"/> and, unless <see cref="ReaderOptions.Validation"/> is
    /// null (<see cref="ReaderOptions.StoreOnly"/>), validates it (spec 2.2 §15): signature, trust, time-stamps, assertions,
    /// ingredients and the asset's content. Bad content becomes findings in <see cref="Validation"/>. A stream that cannot
    /// seek is copied once to a temporary file, up to <see cref="ReaderOptions.MaxSpoolLength"/> bytes.
    /// </summary>
    /// <exception cref="NoManifestException">The asset carries no manifest store.</exception>
    /// <exception cref="MalformedContentException">The asset or its store does not parse; the message says what and where.</exception>
    /// <exception cref="UnknownFormatException">The format is not recognized.</exception>
    /// <remarks>
    /// With no embedded store but an XMP remote reference (spec 2.2 §11.4), the store is fetched only when
    /// <see cref="ReaderOptions.RemoteFetch"/> allows network access, and the asset is validated against it
    /// (<see cref="ManifestSource.Remote"/>). A fetch that fails throws <see cref="NoManifestException"/> with
    /// <see cref="NoManifestException.StatusCode"/> <c>manifest.inaccessible</c> (§15.5.3).
    /// </remarks>
    public static async Task<Reader> ReadAsync(Stream asset, ReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(asset);
        options ??= ReaderOptions.Default;
        var spooled = await SpoolAsync(asset, options, cancellationToken);
        try
        {
            return await ReadSeekableAsync(spooled ?? asset, options, cancellationToken);
        }
        finally
        {
            if (spooled is not null)
            {
                await spooled.DisposeAsync();
            }
        }
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
        options ??= ReaderOptions.Default;
        var spooled = await SpoolAsync(asset, options, cancellationToken);
        try
        {
            return await ReadWithManifestSeekableAsync(spooled ?? asset, manifestStore, options, source, cancellationToken);
        }
        finally
        {
            if (spooled is not null)
            {
                await spooled.DisposeAsync();
            }
        }
    }

    /// <summary>Reads (and validates, as <see cref="ReadAsync"/>) a file; with no embedded store, a sibling <c>NAME.c2pa</c> sidecar is used, as c2pa-rs does.</summary>
    /// <inheritdoc cref="ReadAsync" path="/exception"/>
    public static async Task<Reader> ReadFileAsync(string path, ReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= ReaderOptions.Default;
        await using var stream = OpenRead(path);
        try
        {
            return await ReadSeekableAsync(stream, options, cancellationToken);
        }
        catch (NoManifestException) when (File.Exists(Path.ChangeExtension(path, ".c2pa")) && !path.EndsWith(".c2pa", StringComparison.OrdinalIgnoreCase))
        {
            var sidecar = await File.ReadAllBytesAsync(Path.ChangeExtension(path, ".c2pa"), cancellationToken);
            return await ReadWithManifestSeekableAsync(stream, sidecar, options, ManifestSource.Sidecar, cancellationToken);
        }
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess);

    private static async Task<Reader> ReadSeekableAsync(Stream asset, ReaderOptions options, CancellationToken cancellationToken)
    {
        ManifestStore store;
        IAssetFormat format;
        AssetLayout layout;
        try
        {
            (store, format, layout) = Load(asset, options, cancellationToken);
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

    private static async Task<Reader> ReadWithManifestSeekableAsync(Stream asset, ReadOnlyMemory<byte> manifestStore, ReaderOptions options,
        ManifestSource source, CancellationToken cancellationToken)
    {
        if (manifestStore.Length > options.MaxStoreLength)
        {
            throw new MalformedContentException($"manifest store of {manifestStore.Length} bytes exceeds the {options.MaxStoreLength}-byte limit", ValidationStatusCodes.GeneralError);
        }

        var store = ManifestStore.Parse(manifestStore);
        if (store.Manifests.Count == 0)
        {
            throw new NoManifestException("The manifest store holds no manifests.");
        }

        var format = AssetFormats.Detect(asset);

        // A standalone store's own store is not the one validated: its layout is left unread.
        var layout = format is null ? AssetLayout.Empty : format.IsStandaloneStore ? AssetLayout.Unread : format.ReadLayout(asset, cancellationToken);
        var report = options.Validation is { } validation
            ? await new ManifestValidator(store, validation).ValidateAsync(new AssetContext(asset, format, layout, source), cancellationToken)
            : null;
        return new Reader(store, format, layout.Stores.Count, report);
    }

    /// <summary>
    /// A seekable copy of a stream that cannot seek, in a temporary file deleted when it is disposed; null when
    /// <paramref name="asset"/> can seek. Never buffers the asset in memory (docs/architecture.md).
    /// </summary>
    private static async Task<Stream?> SpoolAsync(Stream asset, ReaderOptions options, CancellationToken cancellationToken)
    {
        if (asset.CanSeek)
        {
            return null;
        }

        var path = Path.Combine(Path.GetTempPath(), "mediatrust-" + Path.GetRandomFileName());
        var spool = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.DeleteOnClose);
        try
        {
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 16);
            try
            {
                int read;
                while ((read = await asset.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    if (spool.Length + read > options.MaxSpoolLength)
                    {
                        throw new MalformedContentException(
                            $"the asset is longer than the {options.MaxSpoolLength}-byte limit for a stream that cannot seek (ReaderOptions.MaxSpoolLength)",
                            ValidationStatusCodes.GeneralError);
                    }

                    await spool.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }

            spool.Position = 0;
            return spool;
        }
        catch
        {
            await spool.DisposeAsync();
            throw;
        }
    }

    private static (ManifestStore Store, IAssetFormat Format, AssetLayout Layout) Load(Stream asset, ReaderOptions options, CancellationToken cancellationToken)
    {
        var format = AssetFormats.Detect(asset) ?? throw new UnknownFormatException();
        var layout = format.ReadStores(asset, cancellationToken);
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

    /// <summary>
    /// The store as c2pa-rs's Reader JSON (<c>active_manifest</c>, <c>manifests</c>), with
    /// <c>validation_state</c>/<c>validation_results</c> when the store was validated.
    /// </summary>
    public string ToJson() => ReaderJson.Build(ReaderViewJson.StoreView(this)).ToJsonString(ReaderJson.Options);

    /// <summary>The detailed view: per manifest the decoded claim, the assertion store and the signature (c2pa-rs <c>--detailed</c> shape).</summary>
    public string ToDetailedJson() => DetailedJson.Build(ReaderViewJson.StoreView(this)).ToJsonString(ReaderJson.Options);

    /// <summary>The store as C2PA crJSON (c2pa-rs's <c>Reader::crjson()</c> shape), with each manifest's validation results when validated.</summary>
    public string ToCrJson() => CrJson.Build(ReaderViewJson.StoreView(this)).ToJsonString(ReaderJson.Options);

    /// <summary>Every embedded-file resource (thumbnails, icons) of every manifest, in store order.</summary>
    public IReadOnlyList<ReaderResource> GetResources()
    {
        var resources = new List<ReaderResource>();
        foreach (var manifest in Store.Manifests)
        {
            foreach (var assertion in manifest.Assertions)
            {
                if (assertion.Kind == Assertions.AssertionKind.EmbeddedFile && !assertion.Data.IsEmpty)
                {
                    resources.Add(new ReaderResource(manifest.Label, assertion.Label, assertion.MediaType, assertion.Data));
                }
            }
        }

        return resources;
    }
}

/// <summary>An embedded-file resource of a manifest (a thumbnail, an icon).</summary>
/// <param name="ManifestLabel">The label of the manifest that holds it.</param>
/// <param name="AssertionLabel">The label of its assertion, e.g. <c>c2pa.thumbnail.claim.jpeg</c>.</param>
/// <param name="MediaType">Its media type, when the store names one.</param>
/// <param name="Data">Its bytes.</param>
public sealed record ReaderResource(string ManifestLabel, string AssertionLabel, string? MediaType, ReadOnlyMemory<byte> Data);
