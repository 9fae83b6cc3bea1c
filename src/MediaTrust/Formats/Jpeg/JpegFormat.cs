using System.Buffers;
using System.Buffers.Binary;
using MediaTrust.IO;
using MediaTrust.Jumbf;
using MediaTrust.Spec;

namespace MediaTrust.Formats.Jpeg;

/// <summary>
/// JPEG (spec 2.2 §A.3.1): the manifest store travels in APP11 segments with JPEG XT framing
/// (ISO/IEC 19566-5 Annex D: CI <c>JP</c>, box instance En, sequence number Z, and the LBox/TBox of the
/// store repeated in every continuation segment). Reading streams the file segment by segment and
/// seeks past segment data; only C2PA APP11 payloads are read.
/// </summary>
internal sealed partial class JpegFormat : IAssetFormat, IManifestEmbedder
{
    public static JpegFormat Instance { get; } = new();

    /// <summary>Bytes of an APP11 segment before the box payload: marker, Lp, CI, En, Z, LBox, TBox.</summary>
    internal const int SegmentOverhead = 20;

    private const int ProbeLength = 48;

    public string Name => "JPEG";

    public IReadOnlyList<string> MediaTypes { get; } = ["image/jpeg"];

    public IReadOnlyList<string> Extensions { get; } = ["jpg", "jpeg", "jpe", "jfif"];

    public bool IsMatch(ReadOnlySpan<byte> header) => header.Length >= 3 && header[0] == 0xFF && header[1] == JpegMarkers.Soi && header[2] == 0xFF;

    public AssetLayout ReadLayout(Stream asset, CancellationToken cancellationToken = default)
        => Build(asset, Scan(asset, throughScans: true, cancellationToken));

    /// <summary>Reads only the segments before the first scan (where C2PA APP11 segments sit): no entropy data is read, no boxes after SOS are listed.</summary>
    public AssetLayout ReadStores(Stream asset, CancellationToken cancellationToken = default)
        => Build(asset, Scan(asset, throughScans: false, cancellationToken), partial: true);

    /// <summary>Adds the boxes from the first scan on; the stores and the remote reference are not read again.</summary>
    public AssetLayout CompleteLayout(Stream asset, AssetLayout layout, CancellationToken cancellationToken = default) => !layout.Partial ? layout : new AssetLayout
    {
        Stores = layout.Stores,
        RemoteManifestUrl = layout.RemoteManifestUrl,
        Boxes = Scan(asset, throughScans: true, cancellationToken).Boxes,
        Length = layout.Length,
    };

    /// <summary>§15.12.1.2: the exclusion must be exactly the C2PA APP11 segments.</summary>
    public bool ExactStoreExclusion => true;

    /// <summary>The store is self-delimited: a larger one shifts only the bytes after it (§15.12.1.1).</summary>
    public bool CanGrowStoreInPlace => true;

    private static AssetLayout Build(Stream asset, ScanResult scan, bool partial = false)
    {
        var stores = new List<EmbeddedStore>();
        foreach (var group in scan.Groups)
        {
            if (group.IsC2pa)
            {
                stores.Add(Reassemble(asset, group));
            }
        }

        return new AssetLayout { Stores = stores, Boxes = scan.Boxes, RemoteManifestUrl = FindRemoteManifestUrl(asset, scan), Length = scan.Length, Partial = partial };
    }

    /// <summary>One marker segment (or entropy-coded run) of the file.</summary>
    internal readonly record struct Segment(byte Marker, long Start, long Length, Jpeg.XtHeader? Xt)
    {
        public long End => Start + Length;
    }

    internal sealed class ScanResult
    {
        public List<Segment> Segments { get; } = [];

        public List<XtGroup> Groups { get; } = [];

        public List<AssetBox> Boxes { get; } = [];

        public long Length { get; set; }

        /// <summary>Offset of the first SOS marker, or the file length.</summary>
        public long FirstScan { get; set; } = -1;
    }

    /// <summary>The APP11 segments sharing one JPEG XT box instance number En.</summary>
    internal sealed class XtGroup(ushort instance)
    {
        public ushort Instance { get; } = instance;

        public List<Segment> Segments { get; } = [];

        public bool IsC2pa { get; set; }
    }

    internal static ScanResult Scan(Stream asset, bool throughScans, CancellationToken cancellationToken)
    {
        var result = new ScanResult { Length = asset.Length };
        var length = result.Length;
        asset.Position = 0;
        Span<byte> head = stackalloc byte[4];
        asset.ReadExactly(head[..2], "JPEG SOI marker");
        if (head[0] != 0xFF || head[1] != JpegMarkers.Soi)
        {
            throw new MalformedContentException("not a JPEG: the file does not start with SOI (FFD8)", ValidationStatusCodes.GeneralError, 0, "SOI");
        }

        Add(result, new Segment(JpegMarkers.Soi, 0, 2, null));
        var position = 2L;
        Span<byte> probe = stackalloc byte[ProbeLength];
        while (position < length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            asset.Position = position;
            var start = position;
            var first = asset.ReadByte();
            if (first != 0xFF)
            {
                throw new MalformedContentException(
                    $"expected a JPEG marker (FF), found {first:X2}", ValidationStatusCodes.GeneralError, position, "JPEG segment");
            }

            int marker;
            do
            {
                marker = asset.ReadByte();
            }
            while (marker == 0xFF);

            if (marker < 0)
            {
                throw new MalformedContentException("truncated JPEG marker", ValidationStatusCodes.GeneralError, position, "JPEG segment");
            }

            position = asset.Position;
            var code = (byte)marker;
            if (JpegMarkers.IsStandalone(code))
            {
                Add(result, new Segment(code, start, position - start, null));
                if (code == JpegMarkers.Eoi)
                {
                    break;
                }

                continue;
            }

            asset.ReadExactly(head[..2], $"{JpegMarkers.Name(code)} segment length");
            var lp = BinaryPrimitives.ReadUInt16BigEndian(head);
            if (lp < 2)
            {
                throw new MalformedContentException(
                    $"{JpegMarkers.Name(code)} segment length {lp} is less than 2", ValidationStatusCodes.GeneralError, start, JpegMarkers.Name(code));
            }

            var end = position + lp;
            if (end > length)
            {
                throw new MalformedContentException(
                    $"{JpegMarkers.Name(code)} segment length {lp} runs past the end of the file ({length - position} bytes remain)", ValidationStatusCodes.GeneralError, start, JpegMarkers.Name(code));
            }

            XtHeader? xt = null;
            if (code == JpegMarkers.App11)
            {
                var probeLength = Math.Min(lp - 2, ProbeLength);
                asset.ReadExactly(probe[..probeLength], "APP11 segment");
                xt = XtHeader.TryParse(probe[..probeLength]);
            }

            var segment = new Segment(code, start, end - start, xt);
            if (code == JpegMarkers.Sos)
            {
                if (result.FirstScan < 0)
                {
                    result.FirstScan = start;
                }

                if (!throughScans)
                {
                    Add(result, segment);
                    break;
                }

                // The SOS box includes its entropy-coded data (spec 2.2 §18.7); RSTn markers start new boxes.
                end = ScanEntropy(asset, result, segment, end, length);
                position = end;
                continue;
            }

            Add(result, segment);
            position = end;
        }

        if (result.FirstScan < 0)
        {
            result.FirstScan = position;
        }

        MarkC2paGroups(result);
        NameBoxes(result);
        return result;
    }

    private static void Add(ScanResult result, Segment segment)
    {
        result.Segments.Add(segment);
        if (segment.Xt is { } xt)
        {
            var group = result.Groups.Find(g => g.Instance == xt.Instance);
            if (group is null)
            {
                group = new XtGroup(xt.Instance);
                result.Groups.Add(group);
            }

            group.Segments.Add(segment);
        }
    }

    /// <summary>Finds the end of the entropy-coded data after a scan header, adding SOS and RSTn boxes; returns where the next marker starts.</summary>
    private static long ScanEntropy(Stream asset, ScanResult result, Segment sos, long dataStart, long length)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var boxStart = sos.Start;
            var boxMarker = sos.Marker;
            var position = dataStart;
            asset.Position = position;
            var previousWasFF = false;
            while (position < length)
            {
                var read = asset.Read(buffer, 0, (int)Math.Min(buffer.Length, length - position));
                if (read <= 0)
                {
                    break;
                }

                for (var i = 0; i < read; i++)
                {
                    var b = buffer[i];
                    if (previousWasFF && b != 0x00 && b != 0xFF)
                    {
                        var markerStart = position + i - 1;
                        if (b is >= 0xD0 and <= 0xD7)
                        {
                            result.Segments.Add(new Segment(boxMarker, boxStart, markerStart - boxStart, null));
                            boxStart = markerStart;
                            boxMarker = b;
                            previousWasFF = false;
                            continue;
                        }

                        result.Segments.Add(new Segment(boxMarker, boxStart, markerStart - boxStart, null));
                        return markerStart;
                    }

                    previousWasFF = b == 0xFF;
                }

                position += read;
            }

            // No marker after the scan: the file ends inside the entropy data (no EOI).
            result.Segments.Add(new Segment(boxMarker, boxStart, length - boxStart, null));
            return length;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void MarkC2paGroups(ScanResult result)
    {
        foreach (var group in result.Groups)
        {
            foreach (var segment in group.Segments)
            {
                if (segment.Xt is { IsC2paStore: true })
                {
                    group.IsC2pa = true;
                }
            }
        }
    }

    private static void NameBoxes(ScanResult result)
    {
        var c2paInstances = new HashSet<ushort>();
        foreach (var group in result.Groups)
        {
            if (group.IsC2pa)
            {
                c2paInstances.Add(group.Instance);
            }
        }

        foreach (var segment in result.Segments)
        {
            var isC2pa = segment.Xt is { } xt && c2paInstances.Contains(xt.Instance);
            var name = isC2pa ? "C2PA" : JpegMarkers.Name(segment.Marker);
            var range = new ByteRange(segment.Start, segment.Length);

            // A store split over consecutive segments is one C2PA box (spec 2.2 §18.7).
            if (isC2pa && result.Boxes.Count > 0 && result.Boxes[^1].Name == "C2PA" && result.Boxes[^1].Range.End == segment.Start)
            {
                var last = result.Boxes[^1];
                result.Boxes[^1] = last with { Range = new ByteRange(last.Range.Start, last.Range.Length + segment.Length) };
                continue;
            }

            result.Boxes.Add(new AssetBox(name, range));
        }
    }

    /// <summary>Concatenates the box payloads of a C2PA APP11 group in Z order behind one copy of the box header (ISO/IEC 19566-5 D.2).</summary>
    private static EmbeddedStore Reassemble(Stream asset, XtGroup group)
    {
        var segments = group.Segments.ToArray();
        Array.Sort(segments, (a, b) => a.Xt!.Value.Sequence.CompareTo(b.Xt!.Value.Sequence));
        var firstXt = segments[0].Xt!.Value;
        if (!firstXt.IsC2paStore)
        {
            throw new MalformedContentException(
                $"the first C2PA APP11 segment of box instance {group.Instance} (sequence {firstXt.Sequence}) does not start the store", ValidationStatusCodes.GeneralError, segments[0].Start, "APP11");
        }

        // Sequence numbers run from 1 (ISO/IEC 19566-5 D.2); some writers start at 0, which c2pa-rs accepts too.
        for (var i = 0; i < segments.Length; i++)
        {
            var xt = segments[i].Xt!.Value;
            if (xt.Sequence != firstXt.Sequence + (uint)i)
            {
                var what = i > 0 && segments[i - 1].Xt!.Value.Sequence == xt.Sequence ? "repeats" : "skips to";
                throw new MalformedContentException(
                    $"C2PA APP11 segments of box instance {group.Instance} {what} sequence number {xt.Sequence} (expected {firstXt.Sequence + (uint)i})",
                    ValidationStatusCodes.GeneralError, segments[i].Start, "APP11");
            }

            if (xt.BoxHeaderLength != firstXt.BoxHeaderLength || xt.BoxLength != firstXt.BoxLength)
            {
                throw new MalformedContentException(
                    $"C2PA APP11 segment {xt.Sequence} repeats a different box header than segment 1", ValidationStatusCodes.GeneralError, segments[i].Start, "APP11");
            }
        }

        var boxLength = firstXt.BoxLength;
        long payloadTotal = 0;
        foreach (var segment in segments)
        {
            payloadTotal += segment.Length - (XtHeader.SegmentPrefix + segment.Xt!.Value.BoxHeaderLength);
        }

        var total = payloadTotal + firstXt.BoxHeaderLength;
        if (boxLength != total)
        {
            throw new MalformedContentException(
                $"C2PA APP11 segments of box instance {group.Instance} carry {total} bytes but the store's LBox says {boxLength}",
                ValidationStatusCodes.GeneralError, segments[0].Start, "APP11");
        }

        if (total > int.MaxValue)
        {
            throw new MalformedContentException($"C2PA store of {total} bytes is too large to read", ValidationStatusCodes.GeneralError, segments[0].Start, "APP11");
        }

        // Every byte is read into below (the segments' lengths were checked to sum to the store's); a store is usually
        // on the large-object heap, where zeroing it first would be a second pass over it.
        var store = GC.AllocateUninitializedArray<byte>((int)total);
        var headerStart = segments[0].Start + XtHeader.SegmentPrefix;
        asset.Position = headerStart;
        asset.ReadExactly(store.AsSpan(0, firstXt.BoxHeaderLength), "APP11 box header");
        var written = firstXt.BoxHeaderLength;
        foreach (var segment in segments)
        {
            var payloadStart = segment.Start + XtHeader.SegmentPrefix + segment.Xt!.Value.BoxHeaderLength;
            var count = (int)(segment.End - payloadStart);
            asset.Position = payloadStart;
            asset.ReadExactly(store.AsSpan(written, count), "APP11 payload");
            written += count;
        }

        var carriage = StreamExtensions.MergeAdjacent(segments.Select(s => new ByteRange(s.Start, s.Length)));
        return new EmbeddedStore { Jumbf = store, Carriage = carriage };
    }
}

/// <summary>The JPEG XT header of an APP11 segment (ISO/IEC 19566-5 Annex D) and the start of its box.</summary>
internal readonly record struct XtHeader(ushort Instance, uint Sequence, long BoxLength, int BoxHeaderLength, bool IsC2paStore)
{
    /// <summary>Marker (2), Lp (2), CI (2), En (2), Z (4).</summary>
    public const int SegmentPrefix = 12;

    /// <summary>Parses the first bytes of an APP11 segment after Lp; null when it is not JPEG XT JUMBF framing.</summary>
    public static XtHeader? TryParse(ReadOnlySpan<byte> data)
    {
        if (data.Length < 16 || data[0] != (byte)'J' || data[1] != (byte)'P')
        {
            return null;
        }

        var instance = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        var sequence = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        long lbox = BinaryPrimitives.ReadUInt32BigEndian(data[8..]);
        var tbox = BinaryPrimitives.ReadUInt32BigEndian(data[12..]);
        var header = 8;
        if (lbox == 1)
        {
            if (data.Length < 24)
            {
                return null;
            }

            var xl = BinaryPrimitives.ReadUInt64BigEndian(data[16..]);
            lbox = xl > long.MaxValue ? long.MaxValue : (long)xl;
            header = 16;
        }

        if (tbox != BoxTypes.SuperBox)
        {
            return null;
        }

        // The first segment of a store starts with jumd and the c2pa type UUID.
        var payload = data[(8 + header)..];
        var isStore = payload.Length >= 12
            && BinaryPrimitives.ReadUInt32BigEndian(payload[4..]) == BoxTypes.Description
            && BinaryPrimitives.ReadUInt32BigEndian(payload[8..]) == C2paBoxes.ManifestStoreFourCC;
        return new XtHeader(instance, sequence, lbox, header, isStore);
    }
}
