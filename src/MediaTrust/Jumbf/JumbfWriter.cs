using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace MediaTrust.Jumbf;

/// <summary>
/// Serializes JUMBF boxes. <see cref="Write(JumbfBox)"/> rebuilds a parsed box from its model (description
/// fields, children, content), so read-then-write is byte-identical; the factory methods build new boxes.
/// </summary>
internal static class JumbfWriter
{
    /// <summary>Re-serializes a parsed box from its fields (not from <see cref="JumbfBox.Raw"/>).</summary>
    public static byte[] Write(JumbfBox box)
    {
        var buffer = new ArrayBufferWriter<byte>(box.Raw.Length);
        Write(buffer, box);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Re-serializes a parsed box into <paramref name="output"/>.</summary>
    public static void Write(IBufferWriter<byte> output, JumbfBox box)
    {
        if (!box.IsSuperBox)
        {
            WriteHeader(output, box.Type, box.Content.Length, box.LengthForm);
            output.Write(box.Content.Span);
            return;
        }

        var inner = new ArrayBufferWriter<byte>();
        WriteDescription(inner, box.Description!);
        foreach (var child in box.Children)
        {
            Write(inner, child);
        }

        WriteHeader(output, box.Type, inner.WrittenCount, box.LengthForm);
        output.Write(inner.WrittenSpan);
    }

    /// <summary>A content box: header and payload.</summary>
    public static byte[] ContentBox(uint type, ReadOnlySpan<byte> payload, BoxLengthForm form = BoxLengthForm.Standard)
    {
        var buffer = new ArrayBufferWriter<byte>(payload.Length + 16);
        WriteHeader(buffer, type, payload.Length, form);
        buffer.Write(payload);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// A superbox with a description (type, label, optional ID, signature and private box) and already
    /// serialized child boxes. Toggles are Requestable + Label Present (spec 2.2 §11.1.4.1.2) plus the
    /// bits for the optional fields given.
    /// </summary>
    public static byte[] SuperBox(Guid type, string? label, IEnumerable<byte[]> children,
        uint? id = null, ReadOnlyMemory<byte>? signature = null, ReadOnlyMemory<byte>? privateBox = null, bool requestable = true)
    {
        var toggles = (byte)((requestable ? JumbfDescription.Requestable : 0)
            | (label is null ? 0 : JumbfDescription.LabelPresent)
            | (id is null ? 0 : JumbfDescription.IdPresent)
            | (signature is null ? 0 : JumbfDescription.SignaturePresent)
            | (privateBox is null ? 0 : JumbfDescription.PrivatePresent));
        var inner = new ArrayBufferWriter<byte>();
        WriteDescription(inner, type, toggles, label, id, signature, privateBox);
        foreach (var child in children)
        {
            inner.Write(child);
        }

        var buffer = new ArrayBufferWriter<byte>(inner.WrittenCount + 8);
        WriteHeader(buffer, BoxTypes.SuperBox, inner.WrittenCount, BoxLengthForm.Standard);
        buffer.Write(inner.WrittenSpan);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes an LBox/TBox(/XLBox) header for a payload of <paramref name="payloadLength"/> bytes.</summary>
    public static void WriteHeader(IBufferWriter<byte> output, uint type, long payloadLength, BoxLengthForm form)
    {
        var header = form == BoxLengthForm.Extended ? 16 : 8;
        var total = payloadLength + header;
        if (form == BoxLengthForm.Standard && total > uint.MaxValue)
        {
            form = BoxLengthForm.Extended;
            header = 16;
            total += 8;
        }

        var span = output.GetSpan(header);
        var lbox = form switch
        {
            BoxLengthForm.ToEnd => 0u,
            BoxLengthForm.Extended => 1u,
            _ => (uint)total,
        };
        BinaryPrimitives.WriteUInt32BigEndian(span, lbox);
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], type);
        if (form == BoxLengthForm.Extended)
        {
            BinaryPrimitives.WriteUInt64BigEndian(span[8..], (ulong)total);
        }

        output.Advance(header);
    }

    private static void WriteDescription(IBufferWriter<byte> output, JumbfDescription description)
    {
        var inner = new ArrayBufferWriter<byte>();
        WriteDescriptionPayload(inner, description.Type, description.Toggles, description.Label, description.Id, description.Signature);
        if (description.PrivateBox is { } privateBox)
        {
            Write(inner, privateBox);
        }

        WriteHeader(output, BoxTypes.Description, inner.WrittenCount, description.Box.LengthForm);
        output.Write(inner.WrittenSpan);
    }

    private static void WriteDescription(ArrayBufferWriter<byte> output, Guid type, byte toggles, string? label, uint? id,
        ReadOnlyMemory<byte>? signature, ReadOnlyMemory<byte>? privateBox)
    {
        var inner = new ArrayBufferWriter<byte>();
        WriteDescriptionPayload(inner, type, toggles, label, id, signature);
        if (privateBox is { } box)
        {
            inner.Write(box.Span);
        }

        WriteHeader(output, BoxTypes.Description, inner.WrittenCount, BoxLengthForm.Standard);
        output.Write(inner.WrittenSpan);
    }

    private static void WriteDescriptionPayload(ArrayBufferWriter<byte> output, Guid type, byte toggles, string? label, uint? id, ReadOnlyMemory<byte>? signature)
    {
        var head = output.GetSpan(17);
        JumbfTypes.Write(type, head);
        head[16] = toggles;
        output.Advance(17);
        if (label is not null)
        {
            output.Write(Encoding.UTF8.GetBytes(label));
            output.Write([(byte)0]);
        }

        if (id is { } value)
        {
            var span = output.GetSpan(4);
            BinaryPrimitives.WriteUInt32BigEndian(span, value);
            output.Advance(4);
        }

        if (signature is { } sig)
        {
            if (sig.Length != JumbfDescription.SignatureLength)
            {
                throw new ArgumentException("A jumd signature is 32 bytes.", nameof(signature));
            }

            output.Write(sig.Span);
        }
    }
}
