using System.Buffers.Binary;
using System.Text;

namespace MediaTrust.TrustProfiles.Indicators;

/// <summary>
/// Whether a file's XML (its XMP packets) nests elements shallowly enough for MetadataExtractor. Its XMP parser loads
/// packets with <c>XDocument.Load</c>, which walks up to the root for every element it adds, so d levels cost d²: a
/// 700 KB PNG nesting 100,000 elements took 32 s, and the cost grows with the square of the file (docs/robustness.md).
/// One pass over the file counts element depth in every run of bytes that XML can contain (a byte XML 1.0 forbids, such
/// as NUL, ends the run, so image data does not add up), and across the chunks MetadataExtractor joins: a JPEG's
/// extended XMP segments, in the order of their offsets.
/// </summary>
internal static class XmlNesting
{
    /// <summary>Deepest nesting accepted; real XMP nests a few levels.</summary>
    public const int MaxDepth = 256;

    private static readonly byte[] ExtendedXmp = Encoding.ASCII.GetBytes("http://ns.adobe.com/xmp/extension/\0");

    public static bool Fits(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var counter = new Counter();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = file.Read(buffer)) > 0)
        {
            foreach (var b in buffer.AsSpan(0, read))
            {
                if (b < 0x20 && b is not (0x09 or 0x0A or 0x0D))
                {
                    counter.Reset();
                }
                else
                {
                    counter.Add(b);
                }
            }
        }

        if (counter.Max > MaxDepth)
        {
            return false;
        }

        file.Position = 0;
        return JpegExtendedXmpDepth(file) <= MaxDepth;
    }

    /// <summary>The nesting depth of a JPEG's extended XMP (XMP Part 3 §1.1.3.1) as its chunks join, or 0.</summary>
    private static int JpegExtendedXmpDepth(Stream file)
    {
        Span<byte> marker = stackalloc byte[4];
        if (file.ReadAtLeast(marker[..2], 2, throwOnEndOfStream: false) < 2 || marker[0] != 0xFF || marker[1] != 0xD8)
        {
            return 0;
        }

        var chunks = new List<(uint Offset, byte[] Data)>();
        while (file.ReadAtLeast(marker[..2], 2, throwOnEndOfStream: false) == 2 && marker[0] == 0xFF && marker[1] is not (0xDA or 0xD9))
        {
            if (marker[1] is 0xFF)
            {
                file.Position--; // a fill byte before the marker
                continue;
            }

            if (marker[1] is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                continue; // a marker without a length
            }

            if (file.ReadAtLeast(marker[2..], 2, throwOnEndOfStream: false) < 2)
            {
                break;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(marker[2..]) - 2;
            if (length < 0 || length > file.Length - file.Position)
            {
                break;
            }

            if (marker[1] != 0xE1 || length < ExtendedXmp.Length + 40)
            {
                file.Position += length;
                continue;
            }

            var payload = new byte[length];
            file.ReadExactly(payload);
            if (payload.AsSpan().StartsWith(ExtendedXmp))
            {
                // namespace, 32-character GUID, full length, offset of this chunk, chunk data.
                var offset = BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(ExtendedXmp.Length + 36));
                chunks.Add((offset, payload[(ExtendedXmp.Length + 40)..]));
            }
        }

        var counter = new Counter();
        foreach (var (_, data) in chunks.OrderBy(c => c.Offset))
        {
            foreach (var b in data)
            {
                counter.Add(b);
            }
        }

        return counter.Max;
    }

    /// <summary>
    /// Element depth as tags open (<c>&lt;name</c>) and close (<c>&lt;/</c>, <c>/&gt;</c>); comments, declarations and
    /// processing instructions do not count. Approximate on purpose: it bounds what a parser would build.
    /// </summary>
    private struct Counter
    {
        private int _depth;
        private byte _previous;

        public int Max { get; private set; }

        public void Add(byte b)
        {
            if (_previous == (byte)'<')
            {
                if (b == (byte)'/')
                {
                    _depth = Math.Max(0, _depth - 1);
                }
                else if (char.IsAsciiLetter((char)b) || b is (byte)'_' or (byte)':' or >= 0x80)
                {
                    Max = Math.Max(Max, ++_depth);
                }
            }
            else if (_previous == (byte)'/' && b == (byte)'>')
            {
                _depth = Math.Max(0, _depth - 1);
            }

            _previous = b;
        }

        public void Reset()
        {
            _depth = 0;
            _previous = 0;
        }
    }
}
