using System.Text;
using MediaTrust.Formats.Common;
using MediaTrust.Formats.Xmp;
using MediaTrust.IO;

namespace MediaTrust.Formats.Svg;

/// <summary>
/// SVG: the store is the Base64 text of a <c>c2pa:manifest</c> element (namespace http://c2pa.org/manifest) in
/// the <c>metadata</c> element (spec 2.2 §A.3.3). The carriage is the Base64 text itself, as c2pa-rs excludes it.
/// The embedder writes <c>&lt;metadata&gt;&lt;c2pa:manifest xmlns:c2pa="…"&gt;…&lt;/c2pa:manifest&gt;&lt;/metadata&gt;</c>
/// right after the <c>svg</c> start tag (or into an existing element); Remove takes out exactly that.
/// Documents are read as UTF-8 bytes, bounded by <see cref="FormatLimits.MaxMetadataLength"/>.
/// </summary>
internal sealed partial class SvgFormat : IAssetFormat, IManifestEmbedder
{
    private const string Namespace = "http://c2pa.org/manifest";
    private static readonly byte[] OpenManifest = Encoding.ASCII.GetBytes("<c2pa:manifest xmlns:c2pa=\"" + Namespace + "\">");
    private static readonly byte[] CloseManifest = Encoding.ASCII.GetBytes("</c2pa:manifest>");

    public static SvgFormat Instance { get; } = new();

    private SvgFormat()
    {
    }

    public string Name => "SVG";

    /// <summary>The store is self-delimited: a larger one shifts only the bytes after it (spec 2.2 §15.12.1.1).</summary>
    public bool CanGrowStoreInPlace => true;

    public IReadOnlyList<string> MediaTypes { get; } = ["image/svg+xml"];

    public IReadOnlyList<string> Extensions { get; } = ["svg"];

    public bool IsMatch(ReadOnlySpan<byte> header)
    {
        var start = 0;
        if (header.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            start = 3;
        }

        while (start < header.Length && header[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        return start < header.Length && header[start] == '<' && header.IndexOf("<svg"u8) >= 0;
    }

    public AssetLayout ReadLayout(Stream asset, CancellationToken cancellationToken = default)
    {
        var document = Load(asset);
        var stores = new List<EmbeddedStore>();
        var found = FindManifest(document);
        if (found is { } m)
        {
            var text = document.AsSpan(m.ContentStart, m.ContentEnd - m.ContentStart);
            stores.Add(new EmbeddedStore
            {
                Jumbf = JumbfStore.RequireStore(DecodeBase64(text, m.ContentStart), m.ContentStart, "svg/metadata/c2pa:manifest"),
                Carriage = [new ByteRange(m.ContentStart, m.ContentEnd - m.ContentStart)],
            });
        }

        string? remote = null;
        var xmpStart = document.AsSpan().IndexOf("<x:xmpmeta"u8);
        var xmpEnd = document.AsSpan().IndexOf("</x:xmpmeta>"u8);
        if (xmpStart >= 0 && xmpEnd > xmpStart)
        {
            remote = XmpPacket.FindRemoteManifestUrl(document.AsSpan(xmpStart, xmpEnd + 12 - xmpStart));
        }

        return new AssetLayout { Stores = stores, RemoteManifestUrl = remote, Length = asset.Length };
    }

    public StorePlacement Embed(Stream source, Stream destination, ReadOnlyMemory<byte> store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var document = Without(Load(source));
        var base64 = Encoding.ASCII.GetBytes(Convert.ToBase64String(store.Span));
        var (insertAt, wrap) = InsertionPoint(document);
        var start = destination.Position;
        destination.Write(document, 0, insertAt);
        if (wrap)
        {
            destination.Write("<metadata>"u8);
        }

        destination.Write(OpenManifest);
        var contentStart = destination.Position - start;
        destination.Write(base64);
        destination.Write(CloseManifest);
        if (wrap)
        {
            destination.Write("</metadata>"u8);
        }

        destination.Write(document, insertAt, document.Length - insertAt);
        return new StorePlacement { Carriage = [new ByteRange(contentStart, base64.Length)], StoreLength = store.Length };
    }

    public void Remove(Stream source, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(Without(Load(source)));
    }

    public void Patch(Stream destination, StorePlacement placement, ReadOnlySpan<byte> store)
    {
        StorePatch.RequireSameLength(placement, store);
        var base64 = Encoding.ASCII.GetBytes(Convert.ToBase64String(store));
        if (base64.Length != placement.Carriage[0].Length)
        {
            throw new ArgumentException("The Base64 text does not fill the placement.", nameof(placement));
        }

        AssetStream.WriteAt(destination, placement.Carriage[0].Start, base64);
    }

    private readonly record struct ManifestElement(int Start, int ContentStart, int ContentEnd, int End);

    private static byte[] Load(Stream asset)
    {
        AssetStream.RequireSeekable(asset);
        return AssetStream.ReadBytes(asset, 0, asset.Length, "svg", FormatLimits.MaxMetadataLength);
    }

    /// <summary>The first <c>manifest</c> element in the C2PA namespace, under whatever prefix the document binds.</summary>
    private static ManifestElement? FindManifest(byte[] document)
    {
        var span = document.AsSpan();
        var prefix = "c2pa";
        var declaration = span.IndexOf("=\"http://c2pa.org/manifest\""u8);
        if (declaration > 0)
        {
            var colon = span[..declaration].LastIndexOf((byte)':');
            var xmlns = span[..declaration].LastIndexOf("xmlns"u8);
            if (colon > xmlns && xmlns >= 0)
            {
                prefix = Encoding.ASCII.GetString(span[(colon + 1)..declaration]).Trim();
            }
        }

        var open = Encoding.ASCII.GetBytes("<" + prefix + ":manifest");
        var close = Encoding.ASCII.GetBytes("</" + prefix + ":manifest>");
        var start = span.IndexOf(open);
        if (start < 0)
        {
            return null;
        }

        var tagEnd = span[start..].IndexOf((byte)'>');
        if (tagEnd < 0)
        {
            throw new MalformedContentException("unterminated c2pa:manifest start tag", offset: start, location: "svg/metadata/c2pa:manifest");
        }

        var contentStart = start + tagEnd + 1;
        if (span[contentStart - 2] == '/')
        {
            return new ManifestElement(start, contentStart, contentStart, contentStart); // empty element
        }

        var contentEnd = span[contentStart..].IndexOf(close);
        if (contentEnd < 0)
        {
            throw new MalformedContentException("c2pa:manifest element is not closed", offset: start, location: "svg/metadata/c2pa:manifest");
        }

        contentEnd += contentStart;
        return new ManifestElement(start, contentStart, contentEnd, contentEnd + close.Length);
    }

    private static byte[] DecodeBase64(ReadOnlySpan<byte> text, long offset)
    {
        var chars = Encoding.ASCII.GetString(text);
        try
        {
            return Convert.FromBase64String(chars); // whitespace is ignored
        }
        catch (FormatException e)
        {
            throw new MalformedContentException("c2pa:manifest content is not Base64", offset: offset, location: "svg/metadata/c2pa:manifest", innerException: e);
        }
    }

    /// <summary>The document with its manifest element removed, and the <c>metadata</c> wrapper if that leaves it empty.</summary>
    private static byte[] Without(byte[] document)
    {
        if (FindManifest(document) is not { } m)
        {
            return document;
        }

        var start = m.Start;
        var end = m.End;
        var before = document.AsSpan(0, start);
        var after = document.AsSpan(end);
        if (before.EndsWith("<metadata>"u8) && after.StartsWith("</metadata>"u8))
        {
            start -= "<metadata>".Length;
            end += "</metadata>".Length;
        }

        return [.. document.AsSpan(0, start), .. document.AsSpan(end)];
    }

    /// <summary>Right after an existing <c>&lt;metadata&gt;</c>, else right after the <c>svg</c> start tag (wrapped in a new metadata element).</summary>
    private static (int At, bool Wrap) InsertionPoint(byte[] document)
    {
        var span = document.AsSpan();
        var svg = span.IndexOf("<svg"u8);
        var svgEnd = svg < 0 ? -1 : span[svg..].IndexOf((byte)'>');
        if (svgEnd < 0 || span[svg + svgEnd - 1] == '/')
        {
            throw new MalformedContentException("no svg start tag to attach metadata to", offset: Math.Max(svg, 0), location: "svg");
        }

        var metadata = span.IndexOf("<metadata>"u8);
        return metadata > svg ? (metadata + "<metadata>".Length, false) : (svg + svgEnd + 1, true);
    }
}
