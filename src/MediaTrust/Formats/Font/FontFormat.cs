using System.Buffers.Binary;
using MediaTrust.Formats.Common;
using MediaTrust.IO;
using MediaTrust.Spec;

namespace MediaTrust.Formats.Font;

/// <summary>
/// OpenType and TrueType fonts (single sfnt files; collections are refused). The manifest store and/or a remote
/// manifest URI live in a <c>C2PA</c> table (spec 2.2 §A.3.9); the URI is reported as the layout's
/// <see cref="AssetLayout.RemoteManifestUrl"/>, the font counterpart of XMP <c>dcterms:provenance</c> (§11.4, §15.5.3).
/// <para>
/// Boxes for <c>c2pa.hash.boxes</c> (§18.7.3.6): one per table, in the order the table data lies in the file, the
/// table directory itself in none. <c>head</c> is split as c2pa-rs (Monotype's font handler) splits it:
/// <c>hea0</c> = bytes 0–7, <c>hea2</c> = bytes 12 to the end, so checkSumAdjustment (bytes 8–11), which changes
/// whenever any table does, is in no box; that is how the spec's "treated as zero" is met by the only signed fonts in
/// existence, and the names those fonts' box hashes list.
/// </para>
/// <para>
/// Carriage (what a data hash would exclude, what <see cref="Patch"/> may change): the C2PA table record of the
/// directory, head's checkSumAdjustment and the C2PA table, since the store's bytes change all three.
/// </para>
/// </summary>
internal sealed partial class FontFormat : IAssetFormat, IManifestEmbedder
{
    public static FontFormat Instance { get; } = new();

    private FontFormat()
    {
    }

    public string Name => "Font";

    /// <summary>A box hash per table: the table directory and head.checkSumAdjustment change with the store (spec 2.2 §18.7.3.6).</summary>
    public HardBindingKind HardBinding => HardBindingKind.BoxHash;

    public IReadOnlyList<string> MediaTypes { get; } = ["font/otf", "font/ttf", "font/sfnt", "application/font-sfnt"];

    public IReadOnlyList<string> Extensions { get; } = ["otf", "ttf"];

    /// <summary>An sfnt version tag and a plausible table count; <c>ttcf</c> matches so that reading it explains the refusal.</summary>
    public bool IsMatch(ReadOnlySpan<byte> header)
    {
        if (header.Length < SfntDirectory.HeaderLength)
        {
            return false;
        }

        var version = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (version == SfntDirectory.Collection)
        {
            return true;
        }

        var tables = BinaryPrimitives.ReadUInt16BigEndian(header[4..]);
        return SfntDirectory.IsSfntVersion(version) && tables is > 0 and <= SfntDirectory.MaxTables;
    }

    public AssetLayout ReadLayout(Stream asset, CancellationToken cancellationToken = default)
    {
        var directory = SfntDirectory.Read(asset, cancellationToken);
        var physical = directory.PhysicalOrder();
        var boxes = new List<AssetBox>(physical.Count + 1);
        foreach (var table in physical)
        {
            AddBoxes(boxes, table);
        }

        var stores = new List<EmbeddedStore>(1);
        string? remote = null;
        if (directory.Find(SfntDirectory.C2paTag) is { } c2pa)
        {
            var contents = C2paTable.Read(asset, c2pa);
            remote = contents.Uri;
            if (contents.Store is { } store)
            {
                var bytes = AssetStream.ReadBytes(asset, c2pa.Offset + store.Start, store.Length, "sfnt/C2PA/manifestStore");
                stores.Add(new EmbeddedStore
                {
                    Jumbf = JumbfStore.RequireStore(bytes, c2pa.Offset + store.Start, "sfnt/C2PA"),
                    Carriage = Carriage(directory, c2pa),
                });
            }
        }

        return new AssetLayout { Stores = stores, Boxes = boxes, RemoteManifestUrl = remote, Length = asset.Length };
    }

    /// <summary>The box names, in order, that the font gets after <see cref="Embed"/>: its tables as they lie, the C2PA table last.</summary>
    public IReadOnlyList<string> BoxNamesAfterEmbed(Stream source, CancellationToken cancellationToken = default)
    {
        var boxes = new List<AssetBox>();
        foreach (var table in SfntDirectory.Read(source, cancellationToken).PhysicalOrder())
        {
            if (table.Tag != SfntDirectory.C2paTag)
            {
                AddBoxes(boxes, table);
            }
        }

        var names = boxes.ConvertAll(b => b.Name);
        names.Add(C2paBoxes.BoxHashManifestName);
        return names;
    }

    private static void AddBoxes(List<AssetBox> boxes, SfntTable table)
    {
        switch (table.Tag)
        {
            case SfntDirectory.HeadTag:
                if (table.Length < SfntDirectory.CheckSumAdjustmentOffset + 4)
                {
                    throw new MalformedContentException($"the head table is {table.Length} bytes, too short for checkSumAdjustment", offset: table.Offset, location: "sfnt/head");
                }

                boxes.Add(new AssetBox("hea0", new ByteRange(table.Offset, SfntDirectory.CheckSumAdjustmentOffset)));
                boxes.Add(new AssetBox("hea2", new ByteRange(table.Offset + SfntDirectory.CheckSumAdjustmentOffset + 4, table.Length - SfntDirectory.CheckSumAdjustmentOffset - 4)));
                break;
            case SfntDirectory.C2paTag:
                boxes.Add(new AssetBox(C2paBoxes.BoxHashManifestName, new ByteRange(table.Offset, table.Length)));
                break;
            default:
                boxes.Add(new AssetBox(table.Name, new ByteRange(table.Offset, table.Length)));
                break;
        }
    }

    /// <summary>The C2PA table record, head's checkSumAdjustment and the C2PA table, in file order.</summary>
    private static List<ByteRange> Carriage(SfntDirectory directory, SfntTable c2pa)
    {
        var carriage = new List<ByteRange>(3) { new(c2pa.RecordOffset, SfntDirectory.RecordLength), new(c2pa.Offset, c2pa.Length) };
        if (directory.Find(SfntDirectory.HeadTag) is { } head && head.Length >= SfntDirectory.CheckSumAdjustmentOffset + 4)
        {
            carriage.Add(new ByteRange(head.Offset + SfntDirectory.CheckSumAdjustmentOffset, 4));
        }

        carriage.Sort((a, b) => a.Start.CompareTo(b.Start));
        return carriage;
    }
}
