using System.Buffers.Binary;
using System.Text;
using MediaTrust.Formats.Common;
using MediaTrust.IO;
using MediaTrust.Spec;

namespace MediaTrust.Jumbf;

/// <summary>
/// Parses JUMBF (ISO/IEC 19566-5) from bytes already in memory. Every length is checked against what
/// remains before slicing, nesting is bounded by <see cref="MaxDepth"/>, and nothing is copied.
/// </summary>
internal static class JumbfReader
{
    /// <summary>Deepest superbox nesting accepted; C2PA needs five levels (store/manifest/assertion store/assertion/content).</summary>
    public const int MaxDepth = 32;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Reads exactly one box spanning all of <paramref name="data"/>; trailing bytes are an error.
    /// <paramref name="baseOffset"/> is added to every reported offset (e.g. where the bytes sit in a file).
    /// </summary>
    public static JumbfBox ReadBox(ReadOnlyMemory<byte> data, long baseOffset = 0, string path = "")
        => ReadBox(data, baseOffset, JumbfPath.Root(path), 0);

    /// <summary>
    /// Reads one box that sits <paramref name="depth"/> superboxes deep under <paramref name="path"/>, e.g. a manifest
    /// decompressed from a <c>brob</c> box: the nesting bound counts from the store, not from the decompressed bytes.
    /// </summary>
    public static JumbfBox ReadBox(ReadOnlyMemory<byte> data, long baseOffset, JumbfPath path, int depth)
    {
        var state = new ReadState();
        var box = ReadOne(data, 0, baseOffset, path, depth, state, out var consumed);
        if (consumed != data.Length)
        {
            throw new MalformedContentException(
                $"{data.Length - consumed} unexpected bytes after the {box.TypeName} box", ValidationStatusCodes.GeneralError, baseOffset + consumed, path.ToString());
        }

        return box;
    }

    /// <summary>Reads consecutive boxes filling all of <paramref name="data"/>.</summary>
    public static IReadOnlyList<JumbfBox> ReadBoxes(ReadOnlyMemory<byte> data, long baseOffset = 0, string path = "")
        => ReadSequence(data, baseOffset, JumbfPath.Root(path), 0, new ReadState());

    /// <summary>Reads a box header at <paramref name="position"/>: type, total length and header length. Checks the length fits.</summary>
    /// <paramref name="path"/> and <paramref name="leaf"/> name the box in error messages (built only on error).
    public static (uint Type, long Length, int HeaderLength, BoxLengthForm Form) ReadHeader(ReadOnlySpan<byte> data, int position, long baseOffset, JumbfPath path, string? leaf = null)
    {
        var remaining = data.Length - position;
        if (remaining < 8)
        {
            throw new MalformedContentException(
                $"truncated box header: {remaining} bytes left, 8 needed", ValidationStatusCodes.GeneralError, baseOffset + position, Where(path, leaf));
        }

        var lbox = BinaryPrimitives.ReadUInt32BigEndian(data[position..]);
        var type = BinaryPrimitives.ReadUInt32BigEndian(data[(position + 4)..]);
        long length;
        var header = 8;
        var form = BoxLengthForm.Standard;
        switch (lbox)
        {
            case 0:
                length = remaining;
                form = BoxLengthForm.ToEnd;
                break;
            case 1:
                if (remaining < 16)
                {
                    throw new MalformedContentException(
                        $"truncated XLBox in the {FourCC.ToString(type)} box header", ValidationStatusCodes.GeneralError, baseOffset + position, Where(path, leaf));
                }

                var xl = BinaryPrimitives.ReadUInt64BigEndian(data[(position + 8)..]);
                if (xl > long.MaxValue)
                {
                    throw new MalformedContentException(
                        $"{FourCC.ToString(type)} box XLBox {xl} is absurdly large", ValidationStatusCodes.GeneralError, baseOffset + position, Where(path, leaf));
                }

                length = (long)xl;
                header = 16;
                form = BoxLengthForm.Extended;
                break;
            default:
                length = lbox;
                break;
        }

        if (length < header)
        {
            throw new MalformedContentException(
                $"{FourCC.ToString(type)} box length {length} is shorter than its {header}-byte header", ValidationStatusCodes.GeneralError, baseOffset + position, Where(path, leaf));
        }

        if (length > remaining)
        {
            throw new MalformedContentException(
                $"{FourCC.ToString(type)} box length {length} runs past the end: {remaining} bytes remain", ValidationStatusCodes.GeneralError, baseOffset + position, Where(path, leaf));
        }

        return (type, length, header, form);
    }

    private static string Where(JumbfPath path, string? leaf) => leaf is null ? path.ToString() : path.Append(leaf);

    private static List<JumbfBox> ReadSequence(ReadOnlyMemory<byte> data, long baseOffset, JumbfPath path, int depth, ReadState state)
    {
        var boxes = new List<JumbfBox>();
        var position = 0;
        while (position < data.Length)
        {
            var box = ReadOne(data, position, baseOffset, path, depth, state, out var consumed);
            boxes.Add(box);
            position += consumed;
        }

        return boxes;
    }

    private static JumbfBox ReadOne(ReadOnlyMemory<byte> data, int position, long baseOffset, JumbfPath path, int depth, ReadState state, out int consumed)
    {
        var (type, length, headerLength, form) = ReadHeader(data.Span, position, baseOffset, path);
        consumed = (int)length;
        var raw = data.Slice(position, consumed);
        var offset = baseOffset + position;
        state.Count(offset, path);
        if (type != BoxTypes.SuperBox)
        {
            return new JumbfBox(type, offset, raw, headerLength, form, path);
        }

        if (depth >= MaxDepth)
        {
            throw new MalformedContentException(
                $"JUMBF superboxes nested deeper than {MaxDepth} levels", ValidationStatusCodes.GeneralError, offset, path.ToString());
        }

        // A superbox starts with its description box (ISO/IEC 19566-5 §A.2).
        var contentStart = offset + headerLength;
        var content = raw[headerLength..];
        var (descriptionType, descriptionLength, descriptionHeader, descriptionForm) = ReadHeader(content.Span, 0, contentStart, path, "jumb");
        if (descriptionType != BoxTypes.Description)
        {
            throw new MalformedContentException(
                $"superbox starts with a {FourCC.ToString(descriptionType)} box instead of its jumd description box", ValidationStatusCodes.GeneralError, contentStart, path.Append("jumb"));
        }

        var descriptionRaw = content[..(int)descriptionLength];
        var descriptionBox = new JumbfBox(descriptionType, contentStart, descriptionRaw, descriptionHeader, descriptionForm, path);
        var description = ReadDescription(descriptionBox, path, depth, state);

        // One node per superbox, shared by all its children: no per-box copy of the path (docs/robustness.md).
        var boxPath = path.Child(description.Label ?? "jumb");
        var children = ReadSequence(content[(int)descriptionLength..], contentStart + descriptionLength, boxPath, depth + 1, state);
        return new JumbfBox(type, offset, raw, headerLength, form, path, boxPath)
        {
            Description = description,
            Children = children,
        };
    }

    private static JumbfDescription ReadDescription(JumbfBox box, JumbfPath path, int depth, ReadState state)
    {
        var payload = box.Content;
        var span = payload.Span;
        var baseOffset = box.Offset + box.HeaderLength;
        if (span.Length < 17)
        {
            throw new MalformedContentException(
                $"jumd description box has {span.Length} bytes; the type UUID and toggles need 17", ValidationStatusCodes.GeneralError, box.Offset, box.Path);
        }

        var type = JumbfTypes.Read(span);
        var toggles = span[16];
        var position = 17;
        string? label = null;
        if ((toggles & JumbfDescription.LabelPresent) != 0)
        {
            var end = span[position..].IndexOf((byte)0);
            if (end < 0)
            {
                throw new MalformedContentException(
                    "jumd label is not null-terminated", ValidationStatusCodes.GeneralError, baseOffset + position, box.Path);
            }

            try
            {
                label = StrictUtf8.GetString(span.Slice(position, end));
            }
            catch (DecoderFallbackException e)
            {
                throw new MalformedContentException("jumd label is not valid UTF-8", ValidationStatusCodes.GeneralError, baseOffset + position, box.Path, e);
            }

            position += end + 1;
        }

        uint? id = null;
        if ((toggles & JumbfDescription.IdPresent) != 0)
        {
            if (span.Length - position < 4)
            {
                throw new MalformedContentException("jumd ID field is truncated", ValidationStatusCodes.GeneralError, baseOffset + position, box.Path);
            }

            id = BinaryPrimitives.ReadUInt32BigEndian(span[position..]);
            position += 4;
        }

        ReadOnlyMemory<byte>? signature = null;
        if ((toggles & JumbfDescription.SignaturePresent) != 0)
        {
            if (span.Length - position < JumbfDescription.SignatureLength)
            {
                throw new MalformedContentException("jumd signature field is truncated", ValidationStatusCodes.GeneralError, baseOffset + position, box.Path);
            }

            signature = payload.Slice(position, JumbfDescription.SignatureLength);
            position += JumbfDescription.SignatureLength;
        }

        JumbfBox? privateBox = null;
        if ((toggles & JumbfDescription.PrivatePresent) != 0)
        {
            privateBox = ReadOne(payload, position, baseOffset, path.Child(box.TypeName), depth + 1, state, out var consumed);
            position += consumed;
        }

        if (position != span.Length)
        {
            throw new MalformedContentException(
                $"{span.Length - position} unexpected bytes at the end of the jumd description box", ValidationStatusCodes.GeneralError, baseOffset + position, box.Path);
        }

        return new JumbfDescription
        {
            Type = type,
            Toggles = toggles,
            Label = label,
            Id = id,
            Signature = signature,
            PrivateBox = privateBox,
            Box = box,
        };
    }

    /// <summary>
    /// Counts the boxes of one read. A box is at least 8 bytes, so a store holds at most length / 8 of them; the
    /// explicit cap (<see cref="FormatLimits.MaxElementCount"/>) also bounds large stores (docs/robustness.md).
    /// </summary>
    private sealed class ReadState
    {
        private int _count;

        public void Count(long offset, JumbfPath path)
        {
            if (++_count > FormatLimits.MaxElementCount)
            {
                throw new MalformedContentException(
                    $"more than {FormatLimits.MaxElementCount} JUMBF boxes", ValidationStatusCodes.GeneralError, offset, path.ToString());
            }
        }
    }
}
