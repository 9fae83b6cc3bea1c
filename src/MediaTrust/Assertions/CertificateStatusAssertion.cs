using System.Formats.Cbor;
using MediaTrust.Cbor;

namespace MediaTrust.Assertions;

/// <summary>A <c>c2pa.certificate-status</c> assertion (spec 2.2 §18.18): OCSP responses for certificates of the store.</summary>
/// <param name="OcspResponses">The DER OCSP responses, as <c>rVals</c> would hold them (§14.5.2).</param>
internal sealed record CertificateStatusAssertion(IReadOnlyList<ReadOnlyMemory<byte>> OcspResponses)
{
    /// <summary>
    /// The OCSP responses of a certificate status assertion (§18.18.2: <c>{ "ocspVals": [1* bstr] }</c>); none when
    /// it is not that shape. The spec gives no status code for a malformed one: it then simply adds nothing.
    /// </summary>
    public static CertificateStatusAssertion Read(Assertion assertion) =>
        assertion.Kind == AssertionKind.Cbor ? Read(assertion.Data) : new CertificateStatusAssertion([]);

    /// <summary>Reads the OCSP responses from the assertion's CBOR; none when it is not that shape.</summary>
    public static CertificateStatusAssertion Read(ReadOnlyMemory<byte> cbor)
    {
        var responses = new List<ReadOnlyMemory<byte>>();
        try
        {
            var reader = new CborReader(cbor, CborConformanceMode.Lax, allowMultipleRootLevelValues: false);
            _ = reader.ReadStartMap();
            while (reader.PeekState() != CborReaderState.EndMap)
            {
                var key = reader.PeekState() == CborReaderState.TextString ? reader.ReadTextString() : null;
                if (key is null)
                {
                    reader.SkipValue(); // a key that is not text
                }

                if (key != "ocspVals")
                {
                    reader.SkipValue();
                    continue;
                }

                _ = reader.ReadStartArray();
                while (reader.PeekState() != CborReaderState.EndArray)
                {
                    responses.Add(reader.ReadByteString());
                }

                reader.ReadEndArray();
            }

            return new CertificateStatusAssertion(responses);
        }
        catch (Exception e) when (CborErrors.IsMalformed(e))
        {
            return new CertificateStatusAssertion([]);
        }
    }

    /// <summary>Writes <c>{ "ocspVals": [1* bstr] }</c> (§18.18.2) with core deterministic encoding (§10.1).</summary>
    public byte[] Write()
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(1);
        writer.WriteTextString("ocspVals");
        writer.WriteStartArray(OcspResponses.Count);
        foreach (var response in OcspResponses)
        {
            writer.WriteByteString(response.Span);
        }

        writer.WriteEndArray();
        writer.WriteEndMap();
        return writer.Encode();
    }
}
