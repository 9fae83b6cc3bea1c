using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MediaTrust.Cbor;
using MediaTrust.IO;
using MediaTrust.Jumbf;
using MediaTrust.Spec;

namespace MediaTrust.Assertions;

/// <summary>How an assertion's content is serialized (spec 2.2 §11.1.4.4).</summary>
internal enum AssertionKind
{
    Cbor,
    Json,

    /// <summary>An embedded file (<c>bfdb</c> + <c>bidb</c>), e.g. a thumbnail or icon.</summary>
    EmbeddedFile,

    /// <summary>A <c>uuid</c> box: 16-byte UUID then opaque data.</summary>
    Uuid,

    /// <summary>Any other content type, kept raw.</summary>
    Unknown,
}

/// <summary>
/// One assertion superbox of an assertion store: its label and instance, content kind and raw bytes.
/// Decoding of the content is on demand.
/// </summary>
internal sealed class Assertion
{
    private Assertion(JumbfBox box, string label, AssertionKind kind, ReadOnlyMemory<byte> data, JumbfBox? contentBox)
    {
        Box = box;
        Label = label;
        Kind = kind;
        Data = data;
        ContentBox = contentBox;
        (BaseLabel, Instance) = SplitInstance(label);
    }

    /// <summary>The typed content read by <see cref="ReadAs"/>, or the failure to read it.</summary>
    private object? _typed;

    /// <summary>The assertion superbox; its <see cref="JumbfBox.Content"/> is what the claim's hashed URI covers.</summary>
    public JumbfBox Box { get; }

    /// <summary>The label as stored, e.g. <c>c2pa.ingredient.v3__1</c>.</summary>
    public string Label { get; }

    /// <summary>The label without its instance suffix, e.g. <c>c2pa.ingredient.v3</c>.</summary>
    public string BaseLabel { get; }

    /// <summary>The instance from the <c>__N</c> suffix (spec 2.2 §6.4); 0 without one.</summary>
    public int Instance { get; }

    public AssertionKind Kind { get; }

    /// <summary>The content: CBOR or JSON bytes, the embedded file's bytes, or the UUID box data after its UUID.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The content box the data came from.</summary>
    public JumbfBox? ContentBox { get; }

    /// <summary>The superbox content type UUID.</summary>
    public Guid ContentType => Box.Description!.Type;

    /// <summary>The media type of an embedded file, from its <c>bfdb</c> box.</summary>
    public string? MediaType { get; private init; }

    /// <summary>The UUID of a <c>uuid</c> content box.</summary>
    public Guid? UuidType { get; private init; }

    /// <summary>The salt in the description's private box, when present.</summary>
    public JumbfBox? Salt => Box.Description!.PrivateBox;

    /// <summary>Reads an assertion superbox.</summary>
    public static Assertion Read(JumbfBox box)
    {
        var label = box.Label ?? throw new MalformedContentException("assertion box has no label", ValidationStatusCodes.AssertionMissing, box.Offset, box.Path);
        var type = box.Description!.Type;
        if (type == JumbfTypes.Cbor || type == JumbfTypes.Json)
        {
            var contentType = type == JumbfTypes.Cbor ? BoxTypes.Cbor : BoxTypes.Json;
            var content = box.FindContent(contentType);
            return new Assertion(box, label, type == JumbfTypes.Cbor ? AssertionKind.Cbor : AssertionKind.Json,
                content?.Content ?? ReadOnlyMemory<byte>.Empty, content);
        }

        if (type == JumbfTypes.EmbeddedFile)
        {
            var description = box.FindContent(BoxTypes.EmbeddedFileDescription);
            var data = box.FindContent(BoxTypes.EmbeddedFileData);
            return new Assertion(box, label, AssertionKind.EmbeddedFile, data?.Content ?? ReadOnlyMemory<byte>.Empty, data)
            {
                MediaType = description is null ? null : EmbeddedFileDescription.Decode(description).MediaType,
            };
        }

        if (type == JumbfTypes.Uuid)
        {
            var content = box.FindContent(BoxTypes.Uuid);
            if (content is not null && content.Content.Length < 16)
            {
                throw new MalformedContentException("uuid box shorter than its 16-byte UUID", ValidationStatusCodes.GeneralError, content.Offset, content.Path);
            }

            return new Assertion(box, label, AssertionKind.Uuid, content?.Content[16..] ?? ReadOnlyMemory<byte>.Empty, content)
            {
                UuidType = content is null ? null : JumbfTypes.Read(content.Content.Span),
            };
        }

        // Legacy thumbnails may be a codestream superbox; anything else is kept raw.
        var first = box.Children.Count > 0 ? box.Children[0] : null;
        return new Assertion(box, label, AssertionKind.Unknown, first?.Content ?? ReadOnlyMemory<byte>.Empty, first);
    }

    /// <summary>
    /// Decodes CBOR or JSON content to a JSON tree (bstr values hold <c>byte[]</c>); null for other kinds.
    /// </summary>
    /// <exception cref="MalformedContentException">The content does not parse (<c>assertion.cbor.invalid</c> / <c>assertion.json.invalid</c>).</exception>
    public JsonNode? DecodeData()
    {
        var offset = ContentBox is null ? Box.Offset : ContentBox.Offset + ContentBox.HeaderLength;
        switch (Kind)
        {
            case AssertionKind.Cbor:
                return Box.DecodeAt(location => CborJson.Decode(Data, ValidationStatusCodes.AssertionCborInvalid, location, offset));
            case AssertionKind.Json:
                try
                {
                    return JsonNode.Parse(Data.Span, documentOptions: new JsonDocumentOptions { MaxDepth = CborJson.MaxDepth });
                }
                catch (JsonException e)
                {
                    throw new MalformedContentException($"invalid JSON: {e.Message}", ValidationStatusCodes.AssertionJsonInvalid, offset, Box.Path, e);
                }

            default:
                return null;
        }
    }

    /// <summary>
    /// The typed content <paramref name="read"/> makes of this assertion, read once: the record, or the
    /// <see cref="MalformedContentException"/> it threw, is kept and returned (or thrown) on every later call.
    /// An assertion has one type, so one slot is kept; a reader of another type is simply not cached.
    /// </summary>
    public T ReadAs<T>(Func<Assertion, T> read)
        where T : class
    {
        switch (Volatile.Read(ref _typed))
        {
            case T done:
                return done;
            case TypedFailure { Type: var type, Error: var error } when type == typeof(T):
                throw error;
        }

        try
        {
            var value = read(this);
            Volatile.Write(ref _typed, value);
            return value;
        }
        catch (MalformedContentException e)
        {
            Volatile.Write(ref _typed, new TypedFailure(typeof(T), e));
            throw;
        }
    }

    /// <summary>Splits <c>label__N</c> into the base label and instance N (spec 2.2 §6.4).</summary>
    public static (string BaseLabel, int Instance) SplitInstance(string label)
    {
        var at = label.LastIndexOf("__", StringComparison.Ordinal);
        if (at > 0 && int.TryParse(label.AsSpan(at + 2), NumberStyles.None, CultureInfo.InvariantCulture, out var instance))
        {
            return (label[..at], instance);
        }

        return (label, 0);
    }

    private sealed record TypedFailure(Type Type, MalformedContentException Error);
}
