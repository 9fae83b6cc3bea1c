using MediaTrust.Formats.Common;
using MediaTrust.IO;

namespace MediaTrust.Formats.Bmff;

internal sealed partial class BmffFormat
{
    /// <summary>
    /// Copies the file without its C2PA uuid boxes (manifest, original, update and merkle) or, when given, the
    /// top-level boxes <paramref name="drop"/> selects, writing
    /// <paramref name="insertLength"/> bytes through <paramref name="insert"/> right after <c>ftyp</c>. Boxes that
    /// hold absolute offsets (moov, meta, moof) are loaded, fixed up and written; media data is streamed.
    /// </summary>
    private static void Rewrite(Stream source, Stream destination, int insertLength, Action<Stream>? insert, CancellationToken cancellationToken, Func<BmffBox, bool>? drop = null)
    {
        var boxes = BmffTree.Read(source, cancellationToken);
        drop ??= static box => box.IsC2pa;
        if (boxes.Count == 0 || (insert is not null && boxes[0].Type != "ftyp"))
        {
            throw new MalformedContentException("a C2PA box can only be placed after an ftyp box at the start of the file", offset: 0, location: "/ftyp");
        }

        // Where each kept top-level box lands in the output (relative to the output start).
        var map = new BmffOffsets();
        long outPos = 0;
        foreach (var box in boxes)
        {
            if (drop(box))
            {
                continue;
            }

            map.Add(box.Offset, box.Size, outPos);
            outPos += box.Size;
            if (box.Type == "ftyp")
            {
                outPos += insertLength;
            }
        }

        foreach (var box in boxes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (drop(box))
            {
                continue;
            }

            if (box.Type is "moov" or "meta" or "moof" && map.Shifts(box))
            {
                var bytes = AssetStream.ReadBytes(source, box.Offset, box.Size, box.Path);
                map.FixUp(bytes, box);
                destination.Write(bytes);
            }
            else
            {
                AssetStream.CopyRange(source, box.Offset, box.Size, destination, cancellationToken);
            }

            if (box.Type == "ftyp" && insert is not null)
            {
                insert(destination);
                insert = null;
            }
        }
    }
}
