using System.Buffers.Binary;
using MediaTrust.IO;
using MediaTrust.Jumbf;

namespace MediaTrust.Formats.Jpeg;

/// <summary>Writing the store: APP11 segments after SOI and any leading APP0/APP1, as c2pa-rs places them.</summary>
internal sealed partial class JpegFormat
{
    /// <summary>Largest box payload per APP11 segment: Lp (65535) less Lp, CI, En, Z, LBox and TBox.</summary>
    internal const int MaxChunk = ushort.MaxValue - 2 - 8 - 8;

    /// <summary>The JPEG XT box instance number c2pa-rs uses for the store.</summary>
    private const ushort PreferredInstance = 0x0211;

    public StorePlacement Embed(Stream source, Stream destination, ReadOnlyMemory<byte> store, CancellationToken cancellationToken = default)
    {
        var header = CheckStore(store.Span);
        var scan = Scan(source, throughScans: false, cancellationToken);
        var c2pa = C2paInstances(scan);
        var insertAfter = 1; // after SOI
        while (insertAfter < scan.Segments.Count && scan.Segments[insertAfter].Marker is JpegMarkers.App0 or JpegMarkers.App1)
        {
            insertAfter++;
        }

        var instance = PreferredInstance;
        while (scan.Groups.Exists(g => !g.IsC2pa && g.Instance == instance))
        {
            instance++;
        }

        var outputStart = destination.Position;
        var carriage = new List<ByteRange>();
        for (var i = 0; i < scan.Segments.Count; i++)
        {
            if (i == insertAfter)
            {
                carriage.Add(WriteSegments(destination, store.Span, header, instance, outputStart));
            }

            var segment = scan.Segments[i];
            if (IsC2pa(segment, c2pa))
            {
                continue;
            }

            source.Position = segment.Start;
            source.CopyBytes(destination, segment.Length, cancellationToken);
        }

        if (insertAfter >= scan.Segments.Count)
        {
            carriage.Add(WriteSegments(destination, store.Span, header, instance, outputStart));
        }

        CopyRest(source, destination, scan, cancellationToken);
        return new StorePlacement { Carriage = carriage, StoreLength = store.Length };
    }

    public void Remove(Stream source, Stream destination, CancellationToken cancellationToken = default)
    {
        var scan = Scan(source, throughScans: false, cancellationToken);
        var c2pa = C2paInstances(scan);
        foreach (var segment in scan.Segments)
        {
            if (!IsC2pa(segment, c2pa))
            {
                source.Position = segment.Start;
                source.CopyBytes(destination, segment.Length, cancellationToken);
            }
        }

        CopyRest(source, destination, scan, cancellationToken);
    }

    public void Patch(Stream destination, StorePlacement placement, ReadOnlySpan<byte> store)
    {
        if (store.Length != placement.StoreLength)
        {
            throw new ArgumentException($"The patched store must keep its length ({placement.StoreLength}), not {store.Length}.", nameof(store));
        }

        var header = CheckStore(store);
        Span<byte> lp = stackalloc byte[4];
        var written = header;
        foreach (var range in placement.Carriage)
        {
            var position = range.Start;
            while (position < range.End)
            {
                destination.Position = position;
                destination.ReadExactly(lp, "APP11 segment header");
                if (lp[0] != 0xFF || lp[1] != JpegMarkers.App11)
                {
                    throw new ArgumentException($"No APP11 segment at offset {position}.", nameof(placement));
                }

                var chunk = BinaryPrimitives.ReadUInt16BigEndian(lp[2..]) - 18;
                destination.Position = position + XtHeader.SegmentPrefix;
                destination.Write(store[..header]);
                destination.Write(store.Slice(written, chunk));
                written += chunk;
                position += 4 + chunk + 16;
            }
        }

        if (written != store.Length)
        {
            throw new ArgumentException("The placement does not describe this store's segments.", nameof(placement));
        }
    }

    private static int CheckStore(ReadOnlySpan<byte> store)
    {
        if (store.Length < 8 || BinaryPrimitives.ReadUInt32BigEndian(store) != (uint)store.Length || BinaryPrimitives.ReadUInt32BigEndian(store[4..]) != BoxTypes.SuperBox)
        {
            throw new ArgumentException("The store must be one jumb box with a 32-bit length.", nameof(store));
        }

        return 8;
    }

    private static ByteRange WriteSegments(Stream destination, ReadOnlySpan<byte> store, int header, ushort instance, long outputStart)
    {
        var start = destination.Position;
        Span<byte> prefix = stackalloc byte[XtHeader.SegmentPrefix];
        var payload = store[header..];
        uint sequence = 1;
        do
        {
            var chunk = payload[..Math.Min(MaxChunk, payload.Length)];
            prefix[0] = 0xFF;
            prefix[1] = JpegMarkers.App11;
            BinaryPrimitives.WriteUInt16BigEndian(prefix[2..], (ushort)(2 + 8 + header + chunk.Length));
            prefix[4] = (byte)'J';
            prefix[5] = (byte)'P';
            BinaryPrimitives.WriteUInt16BigEndian(prefix[6..], instance);
            BinaryPrimitives.WriteUInt32BigEndian(prefix[8..], sequence++);
            destination.Write(prefix);
            destination.Write(store[..header]);
            destination.Write(chunk);
            payload = payload[chunk.Length..];
        }
        while (!payload.IsEmpty);

        return new ByteRange(start - outputStart, destination.Position - start);
    }

    private static void CopyRest(Stream source, Stream destination, ScanResult scan, CancellationToken cancellationToken)
    {
        // Everything after the last scanned segment (the scans, EOI, trailing data) is copied as is.
        var from = scan.Segments[^1].End;
        source.Position = from;
        source.CopyBytes(destination, scan.Length - from, cancellationToken);
    }

    private static HashSet<ushort> C2paInstances(ScanResult scan)
    {
        var set = new HashSet<ushort>();
        foreach (var group in scan.Groups)
        {
            if (group.IsC2pa)
            {
                set.Add(group.Instance);
            }
        }

        return set;
    }

    private static bool IsC2pa(Segment segment, HashSet<ushort> c2pa) => segment.Xt is { } xt && c2pa.Contains(xt.Instance);
}
