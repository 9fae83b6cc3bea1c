using MediaTrust.Formats;
using MediaTrust.IO;
using MediaTrust.Formats.Remote;
using MediaTrust.Spec;
using MediaTrust.Validation;

namespace MediaTrust;

/// <summary>Stores and content outside the asset file: remote manifests (spec 2.2 §11.4) and fragmented MP4 (§15.12.2.2).</summary>
public sealed partial class Reader
{
    /// <summary>
    /// Reads the manifest store of a fragmented MP4's initialization segment and validates it against the
    /// segment and its fragment files (spec 2.2 §15.12.2.2, §A.5.4.1.2): the <c>c2pa.hash.bmff.v2/v3</c>
    /// Merkle trees' <c>initHash</c> binds <paramref name="init"/>, each fragment is a leaf proved by its auxiliary
    /// <c>uuid</c> C2PA box. Fragments may come in any order; each stream must stay open until the call returns.
    /// Streams that cannot seek are copied once to temporary files, as by <see cref="ReadAsync"/>.
    /// </summary>
    /// <inheritdoc cref="ReadAsync" path="/exception"/>
    /// <exception cref="MalformedContentException">The initialization segment is not ISO BMFF.</exception>
    public static async Task<Reader> ReadFragmentsAsync(Stream init, IEnumerable<Stream> fragments, ReaderOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(init);
        ArgumentNullException.ThrowIfNull(fragments);
        options ??= ReaderOptions.Default;
        var spools = new List<Stream>();
        try
        {
            var seekableInit = await SpoolAsync(init, options, cancellationToken) is { } spooledInit ? Keep(spools, spooledInit) : init;
            var streams = new List<Stream>();
            foreach (var fragment in fragments)
            {
                streams.Add(await SpoolAsync(fragment, options, cancellationToken) is { } spooled ? Keep(spools, spooled) : fragment);
            }

            var (store, format, layout) = Load(seekableInit, options, cancellationToken);
            if (!format.SupportsFragments)
            {
                throw new MalformedContentException($"A fragmented asset's initialization segment is ISO BMFF, not {format.Name}.", ValidationStatusCodes.GeneralError);
            }

            var report = options.Validation is { } validation
                ? await new ManifestValidator(store, validation).ValidateAsync(
                    new AssetContext(seekableInit, format, layout, ManifestSource.Embedded) { Fragments = streams }, cancellationToken)
                : null;
            return new Reader(store, format, layout.Stores.Count, report);
        }
        finally
        {
            foreach (var spool in spools)
            {
                await spool.DisposeAsync();
            }
        }

        static Stream Keep(List<Stream> spools, Stream spool)
        {
            spools.Add(spool);
            return spool;
        }
    }

    /// <summary>
    /// <see cref="ReadFragmentsAsync"/> for files: <paramref name="fragmentsGlob"/> is a file-name pattern (<c>*</c>, <c>?</c>)
    /// in the initialization segment's folder, as c2patool's <c>--fragments_glob</c>, or a path whose last part is such a
    /// pattern (relative to the current folder). Matches are read in ordinal name order; the segment itself is skipped.
    /// </summary>
    /// <inheritdoc cref="ReadFragmentsAsync" path="/exception"/>
    /// <exception cref="FileNotFoundException">No file matches the pattern.</exception>
    public static async Task<Reader> ReadFragmentFilesAsync(string initPath, string fragmentsGlob, ReaderOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var paths = FragmentGlob.Expand(initPath, fragmentsGlob);
        if (paths.Count == 0)
        {
            throw new FileNotFoundException($"No fragment file matches '{fragmentsGlob}'.");
        }

        var streams = new List<Stream>(paths.Count);
        try
        {
            foreach (var path in paths)
            {
                streams.Add(OpenRead(path));
            }

            await using var init = OpenRead(initPath);
            return await ReadFragmentsAsync(init, streams, options, cancellationToken);
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    /// <summary>Fetches the remote store the asset names and validates the asset against it; a failed fetch is <c>manifest.inaccessible</c>.</summary>
    private static async Task<Reader> ReadRemoteAsync(Stream asset, string url, RemoteFetchOptions fetch, ReaderOptions options, CancellationToken cancellationToken)
    {
        var result = await RemoteManifestFetcher.FetchAsync(url, fetch, cancellationToken);
        if (!result.Succeeded)
        {
            var http = result.HttpStatus is { } status ? $" (HTTP {status})" : string.Empty;
            throw new NoManifestException($"No embedded C2PA manifest store, and the remote manifest at {url} is inaccessible{http}: {result.Reason}")
            {
                RemoteManifestUrl = url,
                StatusCode = result.StatusCode,
            };
        }

        asset.Position = 0;
        return await ReadWithManifestSeekableAsync(asset, result.Store, options, ManifestSource.Remote, cancellationToken);
    }
}
