using System.Formats.Cbor;

namespace MediaTrust.Cose;

/// <summary>Header bucket decoding for <see cref="CoseSign1"/>.</summary>
internal sealed partial class CoseSign1
{
    private const int AlgorithmLabel = 1;
    private const int ContentTypeLabel = 3;
    private const int IssuedAtLabel = 6;
    private const int X5ChainLabel = 33;

    private bool _chainFromInteger;
    private bool _chainProtected;

    private void ReadHeaderMap(CborReader reader, bool isProtected)
    {
        reader.ReadStartMap();
        while (reader.PeekState() != CborReaderState.EndMap)
        {
            switch (reader.PeekState())
            {
                case CborReaderState.UnsignedInteger:
                case CborReaderState.NegativeInteger:
                    ReadIntegerLabel(reader, reader.ReadInt64(), isProtected);
                    break;
                case CborReaderState.TextString:
                    ReadTextLabel(reader, reader.ReadTextString(), isProtected);
                    break;
                default:
                    reader.SkipValue(); // label of another kind
                    reader.SkipValue();
                    break;
            }
        }

        reader.ReadEndMap();
    }

    private void ReadIntegerLabel(CborReader reader, long label, bool isProtected)
    {
        switch (label)
        {
            case AlgorithmLabel when isProtected:
                if (reader.PeekState() is CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger)
                {
                    Algorithm = reader.ReadInt32();
                }
                else
                {
                    reader.SkipValue(); // text algorithm names are not used by C2PA
                }

                break;
            case ContentTypeLabel when isProtected:
                ContentType = reader.PeekState() == CborReaderState.TextString
                    ? reader.ReadTextString()
                    : ReadNumberText(reader);
                break;
            case IssuedAtLabel when isProtected:
                if (reader.PeekState() is CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger)
                {
                    IssuedAt = reader.ReadInt64();
                }
                else
                {
                    reader.SkipValue();
                }

                break;
            case X5ChainLabel:
                SetChain(ReadCertificates(reader), fromInteger: true, isProtected);
                break;
            default:
                reader.SkipValue();
                break;
        }
    }

    private void ReadTextLabel(CborReader reader, string label, bool isProtected)
    {
        switch (label)
        {
            case "x5chain":
                SetChain(ReadCertificates(reader), fromInteger: false, isProtected);
                break;
            case "sigTst2" when !isProtected:
                TimeStampTokens = ReadTimeStamps(reader);
                TimeStampsAreV2 = true;
                break;
            case "sigTst" when !isProtected:
                // sigTst2 wins when both are present (spec 2.2 §10.3.2.5).
                var tokens = ReadTimeStamps(reader);
                if (!TimeStampsAreV2)
                {
                    TimeStampTokens = tokens;
                }

                break;
            case "rVals" when !isProtected:
                OcspResponses = ReadOcsp(reader);
                break;
            case "pad" when !isProtected:
                PadLength = reader.ReadByteString().Length;
                break;
            case "pad2" when !isProtected:
                Pad2Length = reader.ReadByteString().Length;
                break;
            default:
                reader.SkipValue();
                break;
        }
    }

    /// <summary>
    /// Validators accept either label and either bucket; the integer label wins over the string one,
    /// and a chain in both buckets is flagged (spec 2.2 §14.2.1). Protected wins over unprotected.
    /// </summary>
    private void SetChain(IReadOnlyList<ReadOnlyMemory<byte>> chain, bool fromInteger, bool isProtected)
    {
        if (CertificateChain.Count > 0)
        {
            if (_chainProtected != isProtected)
            {
                CertificateChainInBothBuckets = true;
                if (!isProtected)
                {
                    return;
                }
            }
            else if (_chainFromInteger && !fromInteger)
            {
                return;
            }
        }

        CertificateChain = chain;
        CertificateChainIsUnprotected = !isProtected;
        _chainFromInteger = fromInteger;
        _chainProtected = isProtected;
    }

    private static List<ReadOnlyMemory<byte>> ReadCertificates(CborReader reader)
    {
        if (reader.PeekState() is CborReaderState.ByteString or CborReaderState.StartIndefiniteLengthByteString)
        {
            return [reader.ReadByteString()];
        }

        var list = new List<ReadOnlyMemory<byte>>();
        reader.ReadStartArray();
        while (reader.PeekState() != CborReaderState.EndArray)
        {
            list.Add(reader.ReadByteString());
        }

        reader.ReadEndArray();
        return list;
    }

    /// <summary>Reads <c>{tstTokens: [{val: bstr}, …]}</c>.</summary>
    private static List<ReadOnlyMemory<byte>> ReadTimeStamps(CborReader reader)
    {
        var tokens = new List<ReadOnlyMemory<byte>>();
        reader.ReadStartMap();
        while (reader.PeekState() != CborReaderState.EndMap)
        {
            if (reader.PeekState() == CborReaderState.TextString && reader.ReadTextString() == "tstTokens")
            {
                reader.ReadStartArray();
                while (reader.PeekState() != CborReaderState.EndArray)
                {
                    reader.ReadStartMap();
                    while (reader.PeekState() != CborReaderState.EndMap)
                    {
                        if (reader.PeekState() == CborReaderState.TextString && reader.ReadTextString() == "val")
                        {
                            tokens.Add(reader.ReadByteString());
                        }
                        else
                        {
                            reader.SkipValue();
                        }
                    }

                    reader.ReadEndMap();
                }

                reader.ReadEndArray();
            }
            else
            {
                reader.SkipValue();
            }
        }

        reader.ReadEndMap();
        return tokens;
    }

    /// <summary>Reads <c>{ocspVals: [bstr, …]}</c>.</summary>
    private static List<ReadOnlyMemory<byte>> ReadOcsp(CborReader reader)
    {
        var responses = new List<ReadOnlyMemory<byte>>();
        reader.ReadStartMap();
        while (reader.PeekState() != CborReaderState.EndMap)
        {
            if (reader.PeekState() == CborReaderState.TextString && reader.ReadTextString() == "ocspVals")
            {
                reader.ReadStartArray();
                while (reader.PeekState() != CborReaderState.EndArray)
                {
                    responses.Add(reader.ReadByteString());
                }

                reader.ReadEndArray();
            }
            else
            {
                reader.SkipValue();
            }
        }

        reader.ReadEndMap();
        return responses;
    }

    private static string ReadNumberText(CborReader reader)
    {
        if (reader.PeekState() is CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger)
        {
            return reader.ReadInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        reader.SkipValue();
        return string.Empty;
    }
}
