using System.Formats.Cbor;
using MediaTrust.Cbor;
using MediaTrust.Manifests;

namespace MediaTrust.Assertions;

/// <summary>
/// The <c>signer-payload-map</c> of a CAWG identity assertion (CAWG identity 1.3, "CBOR schema"): the referenced
/// assertions, the signature type and the named actor's roles. <see cref="Raw"/> keeps the bytes exactly as they sit in
/// the assertion, because that is what the credential holder signed (writers do not all use deterministic key order).
/// The historical fields <c>expected_partial_claim</c>, <c>expected_claim_generator</c> and <c>expected_countersigners</c>
/// are ignored, as 1.3 requires ("Historical fields"), but stay inside <see cref="Raw"/>.
/// </summary>
/// <param name="ReferencedAssertions">The hashed URIs the credential holder vouches for.</param>
/// <param name="SigType">The signature type, e.g. <c>cawg.x509.cose</c>.</param>
/// <param name="Roles">The named actor's roles (e.g. <c>cawg.creator</c>); empty when the field is absent.</param>
/// <param name="Raw">The signer_payload bytes as stored (and signed).</param>
internal sealed record SignerPayload(IReadOnlyList<HashedUri> ReferencedAssertions, string SigType, IReadOnlyList<string> Roles, ReadOnlyMemory<byte> Raw)
{
    /// <summary>The X.509/COSE signature type (CAWG identity 1.3, "X.509 certificates and COSE signatures").</summary>
    public const string X509Cose = "cawg.x509.cose";

    /// <summary>The identity claims aggregation signature type (CAWG identity 1.3, "Identity claims aggregation").</summary>
    public const string IdentityClaimsAggregation = "cawg.identity_claims_aggregation";

    /// <summary>The role of a primary creator (CAWG identity 1.3, "Named actor roles").</summary>
    public const string CreatorRole = "cawg.creator";

    /// <summary>
    /// A payload to sign, its keys in the order c2pa-rs serializes them (<c>referenced_assertions</c>, <c>sig_type</c>,
    /// <c>role</c>), with definite lengths and shortest heads. 1.3 ("Generating the COSE signature") asks for core
    /// deterministic encoding (RFC 8949 §4.2.1), whose key order would put <c>role</c> first; but c2pa-rs does not verify
    /// the stored bytes, it re-serializes its decoded payload in its own order, and so rejects a deterministic payload
    /// with <c>cawg.x509.signature.mismatch</c>. Validators that follow 1.3 ("signer_payload MUST be unchanged") verify the
    /// stored bytes, which accept this order too (docs/conformance.md, "CAWG identity assertions").
    /// </summary>
    public static SignerPayload Create(IReadOnlyList<HashedUri> referencedAssertions, string sigType, IReadOnlyList<string> roles)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartMap(roles.Count > 0 ? 3 : 2);
        writer.WriteTextString("referenced_assertions");
        writer.WriteStartArray(referencedAssertions.Count);
        foreach (var reference in referencedAssertions)
        {
            reference.Write(writer);
        }

        writer.WriteEndArray();
        writer.WriteTextString("sig_type");
        writer.WriteTextString(sigType);
        if (roles.Count > 0)
        {
            writer.WriteTextString("role");
            writer.WriteStartArray(roles.Count);
            foreach (var role in roles)
            {
                writer.WriteTextString(role);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndMap();
        return new SignerPayload(referencedAssertions, sigType, roles, writer.Encode());
    }
}

/// <summary>
/// A <c>cawg.identity</c> assertion (CAWG identity 1.3, "Assertion definition"; several in one manifest are
/// <c>cawg.identity__N</c>): the signer payload, the credential holder's signature (whose meaning depends on
/// <see cref="SignerPayload.SigType"/>) and two zero pads that let a placeholder keep its size.
/// </summary>
internal sealed record IdentityAssertion(SignerPayload SignerPayload, ReadOnlyMemory<byte> Signature, ReadOnlyMemory<byte> Pad1, ReadOnlyMemory<byte>? Pad2)
{
    /// <summary>Reads the assertion; null with why (a phrase following "the identity assertion") when it breaks the CDDL.</summary>
    public static IdentityAssertion? TryRead(Assertion assertion, out string? problem)
    {
        if (assertion.Kind != AssertionKind.Cbor)
        {
            problem = "is not CBOR";
            return null;
        }

        return TryRead(assertion.Data, out problem);
    }

    /// <summary>
    /// Reads an <c>identity</c> map from its CBOR; null with why when malformed or a required field is missing or
    /// mistyped. Fields the CDDL does not define are skipped (1.3: "SHALL NOT consider any extra fields").
    /// </summary>
    public static IdentityAssertion? TryRead(ReadOnlyMemory<byte> cbor, out string? problem)
    {
        try
        {
            var reader = new CborReader(cbor, CborConformanceMode.Lax);
            if (reader.PeekState() != CborReaderState.StartMap)
            {
                problem = "is not a CBOR map";
                return null;
            }

            SignerPayload? payload = null;
            ReadOnlyMemory<byte>? signature = null, pad1 = null, pad2 = null;
            _ = reader.ReadStartMap();
            while (reader.PeekState() != CborReaderState.EndMap)
            {
                var key = reader.PeekState() == CborReaderState.TextString ? reader.ReadTextString() : null;
                switch (key)
                {
                    case "signer_payload":
                        var start = cbor.Length - reader.BytesRemaining;
                        payload = ReadSignerPayload(reader, out problem);
                        if (payload is null)
                        {
                            return null;
                        }

                        payload = payload with { Raw = cbor[start..(cbor.Length - reader.BytesRemaining)] };
                        break;
                    case "signature" or "pad1" or "pad2":
                        if (reader.PeekState() != CborReaderState.ByteString)
                        {
                            problem = $"has a {key} that is not a byte string";
                            return null;
                        }

                        var bytes = ReadBytes(reader, cbor);
                        if (key == "signature")
                        {
                            signature = bytes;
                        }
                        else if (key == "pad1")
                        {
                            pad1 = bytes;
                        }
                        else
                        {
                            pad2 = bytes;
                        }

                        break;
                    default:
                        if (key is null)
                        {
                            reader.SkipValue(); // a key that is not text: not part of the schema
                        }

                        reader.SkipValue();
                        break;
                }
            }

            reader.ReadEndMap();
            if (reader.BytesRemaining != 0)
            {
                problem = "has bytes after its map";
                return null;
            }

            problem = payload is null ? "has no signer_payload"
                : signature is null ? "has no signature"
                : pad1 is null ? "has no pad1"
                : null;
            return problem is null ? new IdentityAssertion(payload!, signature!.Value, pad1!.Value, pad2) : null;
        }
        catch (Exception e) when (CborErrors.IsMalformed(e))
        {
            problem = $"is not well-formed CBOR ({e.Message})";
            return null;
        }
    }

    /// <summary>Whether pad1 and pad2 hold only zero bytes (1.3, "Creating the assertion").</summary>
    public bool PadsAreZero => !Pad1.Span.ContainsAnyExcept((byte)0) && (Pad2 is not { } pad2 || !pad2.Span.ContainsAnyExcept((byte)0));

    /// <summary>
    /// Writes the assertion: signer_payload as its raw bytes (never re-encoded), then signature, pad1 and pad2 when set.
    /// Keys in deterministic order would put pad1 first; the writer keeps the CDDL's order as c2pa-rs does, which
    /// readers accept (a map's order carries no meaning).
    /// </summary>
    public byte[] Write()
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartMap(Pad2 is null ? 3 : 4);
        writer.WriteTextString("signer_payload");
        writer.WriteEncodedValue(SignerPayload.Raw.Span);
        writer.WriteTextString("signature");
        writer.WriteByteString(Signature.Span);
        writer.WriteTextString("pad1");
        writer.WriteByteString(Pad1.Span);
        if (Pad2 is { } pad2)
        {
            writer.WriteTextString("pad2");
            writer.WriteByteString(pad2.Span);
        }

        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>
    /// Writes the assertion padded to exactly <paramref name="size"/> bytes, the size of the placeholder it replaces
    /// (1.3, "Creating the assertion": pad1 and pad2 are adjusted; pad2 absorbs the lengths a single pad cannot
    /// express). Null when the signature does not fit.
    /// </summary>
    public byte[]? WritePadded(int size)
    {
        var bare = (this with { Pad1 = ReadOnlyMemory<byte>.Empty, Pad2 = null }).Write().Length;
        var room = size - bare;
        if (room < 0)
        {
            return null;
        }

        // Try pad1 alone, then pad1 plus a pad2 ("pad2" costs 5 bytes, its bstr head 1–5), each pad1 length whose
        // encoding can close the gap (a bstr head grows by 1, 2 or 4 bytes at 24, 256 and 65536).
        for (var pad2Length = -1; pad2Length < 64; pad2Length++)
        {
            var forPad1 = room - (pad2Length < 0 ? 0 : 5 + HeadLength(pad2Length) + pad2Length);
            if (forPad1 < 0)
            {
                break;
            }

            for (var pad1Length = forPad1; pad1Length >= Math.Max(0, forPad1 - 4); pad1Length--)
            {
                ReadOnlyMemory<byte>? pad2 = pad2Length < 0 ? null : (ReadOnlyMemory<byte>?)new byte[pad2Length];
                var bytes = (this with { Pad1 = new byte[pad1Length], Pad2 = pad2 }).Write();
                if (bytes.Length == size)
                {
                    return bytes;
                }
            }
        }

        return null;
    }

    private static int HeadLength(int length) => length switch
    {
        < 24 => 1,
        < 256 => 2,
        < 65536 => 3,
        _ => 5,
    };

    private static SignerPayload? ReadSignerPayload(CborReader reader, out string? problem)
    {
        if (reader.PeekState() != CborReaderState.StartMap)
        {
            problem = "has a signer_payload that is not a map";
            return null;
        }

        List<HashedUri>? references = null;
        string? sigType = null;
        List<string> roles = [];
        _ = reader.ReadStartMap();
        while (reader.PeekState() != CborReaderState.EndMap)
        {
            var key = reader.PeekState() == CborReaderState.TextString ? reader.ReadTextString() : null;
            switch (key)
            {
                case "referenced_assertions":
                    references = ReadReferences(reader);
                    if (references is null)
                    {
                        problem = "has referenced_assertions that are not an array of hashed URIs";
                        return null;
                    }

                    break;
                case "sig_type":
                    if (reader.PeekState() != CborReaderState.TextString || (sigType = reader.ReadTextString()).Length == 0)
                    {
                        problem = "has a sig_type that is not a non-empty text string";
                        return null;
                    }

                    break;
                case "role":
                    if (reader.PeekState() != CborReaderState.StartArray)
                    {
                        problem = "has a role that is not an array";
                        return null;
                    }

                    _ = reader.ReadStartArray();
                    while (reader.PeekState() != CborReaderState.EndArray)
                    {
                        if (reader.PeekState() != CborReaderState.TextString || reader.ReadTextString() is not { Length: > 0 } role)
                        {
                            problem = "has a role entry that is not a non-empty text string";
                            return null;
                        }

                        roles.Add(role);
                    }

                    reader.ReadEndArray();
                    if (roles.Count == 0)
                    {
                        problem = "has an empty role array (1.3: non-empty when present)";
                        return null;
                    }

                    break;
                default:
                    if (key is null)
                    {
                        reader.SkipValue();
                    }

                    reader.SkipValue(); // historical or future optional fields: ignored (1.3, "Historical fields")
                    break;
            }
        }

        reader.ReadEndMap();
        if (references is null || sigType is null)
        {
            problem = references is null ? "has a signer_payload without referenced_assertions" : "has a signer_payload without sig_type";
            return null;
        }

        problem = null;
        return new SignerPayload(references, sigType, roles, ReadOnlyMemory<byte>.Empty);
    }

    /// <summary>An array of hashed-uri-maps (url, optional alg, hash); null when anything else.</summary>
    private static List<HashedUri>? ReadReferences(CborReader reader)
    {
        if (reader.PeekState() != CborReaderState.StartArray)
        {
            reader.SkipValue();
            return null;
        }

        var list = new List<HashedUri>();
        _ = reader.ReadStartArray();
        while (reader.PeekState() != CborReaderState.EndArray)
        {
            if (reader.PeekState() != CborReaderState.StartMap)
            {
                return null;
            }

            string? url = null, alg = null;
            byte[]? hash = null;
            _ = reader.ReadStartMap();
            while (reader.PeekState() != CborReaderState.EndMap)
            {
                var key = reader.PeekState() == CborReaderState.TextString ? reader.ReadTextString() : null;
                var state = reader.PeekState();
                switch (key)
                {
                    case "url" when state == CborReaderState.TextString:
                        url = reader.ReadTextString();
                        break;
                    case "alg" when state == CborReaderState.TextString:
                        alg = reader.ReadTextString();
                        break;
                    case "hash" when state == CborReaderState.ByteString:
                        hash = reader.ReadByteString();
                        break;
                    case "url" or "alg" or "hash":
                        return null;
                    default:
                        if (key is null)
                        {
                            reader.SkipValue();
                        }

                        reader.SkipValue();
                        break;
                }
            }

            reader.ReadEndMap();
            if (url is null || hash is null)
            {
                return null;
            }

            list.Add(new HashedUri(url, alg, hash));
        }

        reader.ReadEndArray();

        // The CDDL asks for at least one entry; an empty list is read so that the validator can say what is
        // missing (cawg.identity.hard_binding_missing), as c2pa-rs does.
        return list;
    }

    private static ReadOnlyMemory<byte> ReadBytes(CborReader reader, ReadOnlyMemory<byte> source)
    {
        var value = reader.ReadByteString();
        var end = source.Length - reader.BytesRemaining;
        return value.Length <= end && source.Span[(end - value.Length)..end].SequenceEqual(value) ? source[(end - value.Length)..end] : value;
    }
}
