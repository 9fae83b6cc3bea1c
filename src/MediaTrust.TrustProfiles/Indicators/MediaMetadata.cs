using System.Text.Json.Nodes;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Iptc;
using MetadataExtractor.Formats.Xmp;
using XmpCore;
using Directory = MetadataExtractor.Directory;

namespace MediaTrust.TrustProfiles.Indicators;

/// <summary>
/// The <c>content</c> and <c>metadata</c> indicators (ISO/IEC 21617-1 §4.6.2, §4.6.7), read
/// with MetadataExtractor: media type and dimensions; XMP flattened to <c>prefix:Property:Child</c> keys with an
/// <c>@context</c> prefix map (keys lower-cased in their first letter as the reference sample writes them:
/// <c>iptc4xmpExt:DigitalSourceType</c>), EXIF as <c>ifd0:</c>/<c>exif:</c>/<c>gps:</c> keys and IPTC IIM as <c>iptc:</c> keys.
/// </summary>
internal static class MediaMetadata
{
    private const int MaxXmpProperties = 10_000;

    public static (JsonObject Content, JsonObject Metadata) Read(string path, string? mediaType)
    {
        var content = new JsonObject();
        var metadata = new JsonObject();
        if (mediaType is not null && mediaType != "application/octet-stream")
        {
            content["format"] = mediaType;
        }

        if (!PngChunksFit(path) || !XmlNesting.Fits(path))
        {
            return (content, metadata); // damaged PNG or hostile XMP: no metadata indicators (see both)
        }

        IReadOnlyList<Directory> directories;
        try
        {
            directories = ImageMetadataReader.ReadMetadata(path);
        }
        catch (Exception e) when (e is ImageProcessingException or MetadataException or IOException or ArgumentException or InvalidOperationException
            or IndexOutOfRangeException or NotSupportedException or OverflowException || e.GetType() == typeof(Exception))
        {
            // Not a format MetadataExtractor knows, or damaged metadata: no metadata indicators. MetadataException is what
            // its JPEG segment readers throw for a damaged segment; its QuickTime reader throws OverflowException for an
            // atom size past the file and a bare Exception ("Handler moved stream beyond end of atom") for a child atom
            // that runs past its parent (all found by fuzzing, docs/robustness.md).
            return (content, metadata);
        }

        foreach (var directory in directories)
        {
            switch (directory)
            {
                case XmpDirectory xmp when xmp.XmpMeta is { } meta:
                    AddXmp(meta, metadata);
                    break;
                case ExifIfd0Directory:
                    AddTags(directory, "ifd0", metadata);
                    break;
                case ExifSubIfdDirectory:
                    AddTags(directory, "exif", metadata);
                    break;
                case GpsDirectory:
                    AddTags(directory, "gps", metadata);
                    break;
                case IptcDirectory:
                    AddTags(directory, "iptc", metadata);
                    break;
            }

            foreach (var tag in directory.Tags)
            {
                if (tag.Name == "Image Width" && !content.ContainsKey("imageWidth") && directory.TryGetInt32(tag.Type, out var width))
                {
                    content["imageWidth"] = width;
                }
                else if (tag.Name == "Image Height" && !content.ContainsKey("imageHeight") && directory.TryGetInt32(tag.Type, out var height))
                {
                    content["imageHeight"] = height;
                }
                else if (tag.Name == "Duration" && !content.ContainsKey("duration") && tag.Description is { } duration)
                {
                    content["duration"] = duration;
                }
                else if (tag.Name is "Page Count" or "Number of Pages" && !content.ContainsKey("pageCount") && directory.TryGetInt32(tag.Type, out var pages))
                {
                    content["pageCount"] = pages;
                }
            }

            if (directory.Name.StartsWith("File Type", StringComparison.Ordinal))
            {
                foreach (var tag in directory.Tags)
                {
                    if (tag.Name == "Detected File Type Name" && tag.Description is { } type)
                    {
                        content["fileType"] = type.ToLowerInvariant();
                    }
                    else if (tag.Name == "Detected MIME Type" && tag.Description is { } mime && !content.ContainsKey("format"))
                    {
                        content["format"] = mime;
                    }
                }
            }
        }

        return (content, metadata);
    }

    private static void AddXmp(IXmpMeta meta, JsonObject metadata)
    {
        var context = metadata["@context"] as JsonObject ?? new JsonObject();
        var count = 0;
        foreach (var property in meta.Properties)
        {
            if (++count > MaxXmpProperties)
            {
                break;
            }

            if (string.IsNullOrEmpty(property.Path) || string.IsNullOrEmpty(property.Value) || property.Options.IsCompositeProperty)
            {
                continue;
            }

            var prefix = string.IsNullOrEmpty(property.Namespace) ? null : XmpMetaFactory.SchemaRegistry.GetNamespacePrefix(property.Namespace)?.TrimEnd(':');
            if (!string.IsNullOrEmpty(prefix) && !context.ContainsKey(prefix))
            {
                context[prefix] = property.Namespace;
            }

            // A language alternative's text goes under ":value" beside its ":lang", as in the reference sample.
            Add(metadata, XmpKey(property.Path) + (property.Options.HasLanguage ? ":value" : ""), property.Value);
        }

        if (context.Count > 0)
        {
            metadata["@context"] = context;
        }
    }

    /// <summary>
    /// The indicator key of an XMP property: its flattened path with the first letter lower-cased, so
    /// <c>Iptc4xmpExt:DigitalSourceType</c> becomes <c>iptc4xmpExt:DigitalSourceType</c>. That is the form of the
    /// reference sample (adobe/profile-evaluator testfiles/xmp_indicators.json) and what its xmp_profile.yml reads;
    /// the <c>@context</c> map keeps the registered prefix (<c>Iptc4xmpExt</c>), as the sample does.
    /// </summary>
    internal static string XmpKey(string path)
    {
        var key = FlattenPath(path);
        return key.Length > 0 && char.IsAsciiLetterUpper(key[0]) ? string.Concat(char.ToLowerInvariant(key[0]).ToString(), key.AsSpan(1)) : key;
    }

    /// <summary><c>Iptc4xmpExt:Contributor[1]/Iptc4xmpExt:Name[1]/?xml:lang</c> → <c>Iptc4xmpExt:Contributor:Name:lang</c>.</summary>
    internal static string FlattenPath(string path)
    {
        var segments = path.Split('/');
        var parts = new List<string>(segments.Length);
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            if (bracket >= 0)
            {
                segment = segment[..bracket];
            }

            if (segment.Length == 0)
            {
                continue;
            }

            if (segment.StartsWith('?'))
            {
                segment = segment[1..];
            }

            if (i > 0)
            {
                var colon = segment.IndexOf(':', StringComparison.Ordinal);
                segment = colon >= 0 ? segment[(colon + 1)..] : segment;
            }

            parts.Add(segment);
        }

        return string.Join(':', parts);
    }

    private static void AddTags(Directory directory, string prefix, JsonObject metadata)
    {
        foreach (var tag in directory.Tags)
        {
            var name = prefix + ":" + new string([.. tag.Name.Where(char.IsLetterOrDigit)]);
            JsonNode? value = directory.GetObject(tag.Type) switch
            {
                int i => i,
                short s => s,
                ushort u => u,
                uint ui => ui,
                long l => l,
                byte b => b,
                string text => text,
                _ => tag.Description,
            };
            if (value is not null)
            {
                Add(metadata, name, value);
            }
        }
    }

    private static void Add(JsonObject metadata, string key, JsonNode value)
    {
        switch (metadata[key])
        {
            case null when !metadata.ContainsKey(key):
                metadata[key] = value;
                break;
            case JsonArray array:
                array.Add(value);
                break;
            case var existing:
                metadata[key] = new JsonArray(existing?.DeepClone(), value);
                break;
        }
    }

    /// <summary>
    /// False for a PNG with a chunk whose length (PNG §5.3) runs past the end of the file. MetadataExtractor allocates a
    /// chunk's declared length before reading it, so a 10 KB file declaring a 1 GB chunk cost 1 GB (found by fuzzing,
    /// docs/robustness.md): such a file is damaged and gets no metadata indicators, at the cost of one pass over the
    /// chunk headers. Other files are true.
    /// </summary>
    private static bool PngChunksFit(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        Span<byte> header = stackalloc byte[8];
        if (file.ReadAtLeast(header, 8, throwOnEndOfStream: false) < 8 || !header.SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return true;
        }

        var length = file.Length;
        var position = 8L;
        while (position + 8 <= length)
        {
            file.Position = position;
            if (file.ReadAtLeast(header, 8, throwOnEndOfStream: false) < 8)
            {
                return false;
            }

            // length, type, data, CRC
            var chunkLength = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header);
            if (chunkLength > length - position - 12)
            {
                return false;
            }

            position += 12 + chunkLength;
        }

        return true;
    }
}
