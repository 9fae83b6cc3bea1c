using System.Buffers.Binary;
using MediaTrust.Formats.Common;
using MediaTrust.IO;

namespace MediaTrust.Formats.Id3;

/// <summary>
/// Reads and writes the C2PA GEOB frame (MIME <c>application/c2pa</c>, spec 2.2 §A.3.4) of the ID3v2 tag at the
/// start of an MP3 or FLAC file. The carriage (data hash exclusion) is the GEOB's encapsulated object, as
/// c2pa-rs-signed files exclude it. Rewriting keeps every other frame, the extended header and the padding
/// byte for byte, so removing a store restores the original tag.
/// </summary>
internal static partial class Id3Container
{
    /// <summary>GEOB body prefix: ISO-8859-1, "application/c2pa\0", empty filename, "c2pa manifest store\0".</summary>
    private static ReadOnlySpan<byte> GeobPrefix => "\0application/c2pa\0\0c2pa manifest store\0"u8;

    public static AssetLayout ReadLayout(Stream asset, CancellationToken cancellationToken)
    {
        var tag = Id3Tag.Read(asset, cancellationToken);
        if (tag is null)
        {
            return new AssetLayout { Length = asset.Length };
        }

        var stores = new List<EmbeddedStore>();
        foreach (var frame in tag.Frames)
        {
            if (frame.C2paData is { } data)
            {
                var bytes = AssetStream.ReadBytes(asset, data.Start, data.Length, "ID3/GEOB");
                stores.Add(new EmbeddedStore { Jumbf = JumbfStore.RequireStore(bytes, data.Start, "ID3/GEOB"), Carriage = [data] });
            }
        }

        return new AssetLayout { Stores = stores, RemoteManifestUrl = FindRemoteManifestUrl(asset, tag), Length = asset.Length };
    }

    public static StorePlacement Embed(Stream source, Stream destination, ReadOnlyMemory<byte> store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var tag = Id3Tag.Read(source, cancellationToken);
        var start = destination.Position;
        var frameLength = 10 + GeobPrefix.Length + store.Length;
        var (headerEnd, objectStart) = WriteTag(source, destination, tag, frameLength, IsNotC2pa, frameWriter: output =>
        {
            Span<byte> header = stackalloc byte[10];
            "GEOB"u8.CopyTo(header);
            var size = GeobPrefix.Length + store.Length;
            if (tag is { Version: 3 })
            {
                BinaryPrimitives.WriteUInt32BigEndian(header[4..], (uint)size);
            }
            else
            {
                Id3Tag.WriteSyncSafe(header[4..], size);
            }

            output.Write(header);
            output.Write(GeobPrefix);
            var at = output.Position;
            output.Write(store.Span);
            return at;
        }, cancellationToken);
        _ = headerEnd;
        AssetStream.CopyToEnd(source, tag?.Length ?? 0, destination, cancellationToken);
        return new StorePlacement { Carriage = [new ByteRange(objectStart - start, store.Length)], StoreLength = store.Length };
    }

    private static bool IsNotC2pa(Id3Frame frame) => frame.C2paData is null;

    public static void Remove(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var tag = Id3Tag.Read(source, cancellationToken);
        WriteTag(source, destination, tag, 0, IsNotC2pa, frameWriter: null, cancellationToken);
        AssetStream.CopyToEnd(source, tag?.Length ?? 0, destination, cancellationToken);
    }

    /// <summary>
    /// Writes the tag with the frames <paramref name="keep"/> selects plus an optional new frame (before the padding). A tag left with
    /// no frames is dropped entirely. Returns the end of the tag and where the frame writer put the object.
    /// </summary>
    private static (long End, long ObjectStart) WriteTag(Stream source, Stream destination, Id3Tag? tag, long extraLength,
        Func<Id3Frame, bool> keep, Func<Stream, long>? frameWriter, CancellationToken cancellationToken)
    {
        if (tag is not null && tag.Version == 2 && frameWriter is not null)
        {
            throw new MalformedContentException("ID3v2.2 tags are not rewritten with new frames; convert the tag first", offset: 3, location: "ID3");
        }

        if (tag is not null && (tag.Flags & 0x80) != 0)
        {
            throw new MalformedContentException("unsynchronised ID3 tags are not rewritten", offset: 5, location: "ID3");
        }

        long kept = 0;
        var keptFrames = 0;
        foreach (var frame in tag?.Frames ?? [])
        {
            if (keep(frame))
            {
                kept += frame.Range.Length;
                keptFrames++;
            }
        }

        if (keptFrames == 0 && frameWriter is null)
        {
            return (destination.Position, -1); // nothing left: no tag at all
        }

        var version = tag?.Version ?? (byte)4;
        var flags = tag?.Flags ?? (byte)0;
        var body = (tag?.ExtendedHeader.Length ?? 0) + kept + extraLength + (tag?.Padding ?? 0);
        Span<byte> header = stackalloc byte[10];
        "ID3"u8.CopyTo(header);
        header[3] = version;
        header[4] = 0;
        header[5] = flags;
        Id3Tag.WriteSyncSafe(header[6..], body);
        destination.Write(header);
        if (tag is not null)
        {
            AssetStream.CopyRange(source, tag.ExtendedHeader.Start, tag.ExtendedHeader.Length, destination, cancellationToken);
            foreach (var frame in tag.Frames)
            {
                if (keep(frame))
                {
                    AssetStream.CopyRange(source, frame.Range.Start, frame.Range.Length, destination, cancellationToken);
                }
            }
        }

        var objectStart = frameWriter?.Invoke(destination) ?? -1;
        if (tag is not null && tag.Padding > 0)
        {
            destination.Write(new byte[tag.Padding]);
        }

        if (tag?.HasFooter == true)
        {
            header[..3].Clear();
            "3DI"u8.CopyTo(header);
            destination.Write(header);
        }

        return (destination.Position, objectStart);
    }
}
