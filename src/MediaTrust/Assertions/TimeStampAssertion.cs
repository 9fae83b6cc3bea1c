using System.Formats.Cbor;
using MediaTrust.Cbor;

namespace MediaTrust.Assertions;

/// <summary>
/// A <c>c2pa.time-stamp</c> assertion (spec 2.2 §18.17, CDDL <c>time-stamp-map</c>): time-stamped manifest label →
/// RFC 3161 TimeStampToken. At least one entry (§15.10.3.2.4); the form of the label is not checked.
/// </summary>
internal sealed record TimeStampAssertion(IReadOnlyList<(string ManifestLabel, ReadOnlyMemory<byte> Token)> Entries)
{
    /// <summary>Reads the assertion; null with why (a phrase following the label) when it is not a time-stamp-map.</summary>
    public static TimeStampAssertion? TryRead(Assertion assertion, out string? problem)
    {
        if (assertion.Kind != AssertionKind.Cbor)
        {
            problem = "is not CBOR";
            return null;
        }

        return TryRead(assertion.Data, out problem);
    }

    /// <summary>Reads a time-stamp-map from its CBOR; null with why when malformed.</summary>
    public static TimeStampAssertion? TryRead(ReadOnlyMemory<byte> cbor, out string? problem)
    {
        try
        {
            var reader = new CborReader(cbor, CborConformanceMode.Lax, allowMultipleRootLevelValues: false);
            if (reader.PeekState() != CborReaderState.StartMap)
            {
                problem = "is not a CBOR map";
                return null;
            }

            _ = reader.ReadStartMap();
            var entries = new List<(string ManifestLabel, ReadOnlyMemory<byte> Token)>();
            while (reader.PeekState() != CborReaderState.EndMap)
            {
                if (reader.PeekState() != CborReaderState.TextString)
                {
                    problem = "has a key that is not a manifest label (text)";
                    return null;
                }

                // The key names the time-stamped manifest. §18.17.2's CDDL asks writers for urn:c2pa:…, but
                // 1.x manifests are labelled vendor:urn:uuid:… (c2pa-rs writes those), and the validation
                // clause (§15.10.3.2.4) asks only for a non-empty map: the form of the label is not checked.
                var key = reader.ReadTextString();
                if (reader.PeekState() != CborReaderState.ByteString)
                {
                    problem = $"maps {key} to something other than a time-stamp token (bstr)";
                    return null;
                }

                entries.Add((key, reader.ReadByteString()));
            }

            reader.ReadEndMap();
            if (reader.BytesRemaining != 0)
            {
                problem = "has bytes after its map";
                return null;
            }

            problem = entries.Count == 0 ? "is an empty map; it needs at least one manifest URN → token entry" : null;
            return problem is null ? new TimeStampAssertion(entries) : null;
        }
        catch (Exception e) when (CborErrors.IsMalformed(e))
        {
            problem = $"is not well-formed CBOR ({e.Message})";
            return null;
        }
    }

    /// <summary>Writes the map with core deterministic encoding (§10.1), entries ordered by manifest label.</summary>
    public byte[] Write()
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(Entries.Count);
        foreach (var (label, token) in Entries.OrderBy(e => e.ManifestLabel, StringComparer.Ordinal))
        {
            writer.WriteTextString(label);
            writer.WriteByteString(token.Span);
        }

        writer.WriteEndMap();
        return writer.Encode();
    }
}
