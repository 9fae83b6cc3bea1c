using System.Text;
using System.Xml;
using System.Xml.Linq;
using MediaTrust.Formats.Common;
using MediaTrust.IO;

namespace MediaTrust.Formats.Xmp;

/// <summary>
/// Reads and writes the XMP <c>dcterms:provenance</c> property, the reference from an asset to an external
/// (remote) manifest store (spec 2.2 §11.4). The XML is read with DTDs prohibited and the document size
/// bounded; a packet that is not well-formed XML simply carries no reference (XMP is advisory metadata).
/// </summary>
internal static class XmpPacket
{
    /// <summary>The Dublin Core terms namespace that defines <c>provenance</c>.</summary>
    public const string DcTermsNamespace = "http://purl.org/dc/terms/";

    private const string RdfNamespace = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static readonly XName Provenance = XName.Get("provenance", DcTermsNamespace);
    private static readonly XName Description = XName.Get("Description", RdfNamespace);

    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = FormatLimits.MaxMetadataLength,
        IgnoreWhitespace = false,
        ConformanceLevel = ConformanceLevel.Document,
    };

    /// <summary>
    /// The external manifest reference of an XMP packet: <c>dcterms:provenance</c> unless it points into the asset
    /// itself (<c>self#jumbf=…</c>, which some writers add beside an embedded store; spec 2.2 §11.4 reserves the
    /// property for external manifests).
    /// </summary>
    public static string? FindRemoteManifestUrl(ReadOnlySpan<byte> packet)
    {
        var value = FindProvenance(packet);
        return value is null || value.StartsWith("self#", StringComparison.Ordinal) ? null : value;
    }

    /// <summary>The <c>dcterms:provenance</c> value of an XMP packet (attribute or element form), or null.</summary>
    public static string? FindProvenance(ReadOnlySpan<byte> packet)
    {
        var text = Decode(packet);
        if (text is null || !text.Contains("provenance", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var reader = XmlReader.Create(new StringReader(text), ReaderSettings);
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                var attribute = reader.GetAttribute("provenance", DcTermsNamespace);
                if (!string.IsNullOrWhiteSpace(attribute))
                {
                    return attribute.Trim();
                }

                if (reader.LocalName == "provenance" && reader.NamespaceURI == DcTermsNamespace && !reader.IsEmptyElement)
                {
                    var value = reader.ReadElementContentAsString().Trim();
                    if (value.Length > 0)
                    {
                        return value;
                    }
                }
            }
        }
        catch (XmlException)
        {
            // Not well-formed: no reference can be trusted from it.
        }

        return null;
    }

    /// <summary>Deepest element nesting of a packet this class loads into a tree; real XMP nests a few levels.</summary>
    public const int MaxDepth = 256;

    /// <summary>
    /// Streams through the packet once: <see cref="XDocument.Load(XmlReader, LoadOptions)"/> walks up to the root for
    /// every element it adds, so a packet nesting d levels costs d² (100,000 levels of <c>&lt;a&gt;</c> in 700 KB took
    /// half a minute; docs/robustness.md).
    /// </summary>
    private static void RefuseDeepNesting(string text)
    {
        using var reader = XmlReader.Create(new StringReader(text), ReaderSettings);
        while (reader.Read())
        {
            if (reader.Depth > MaxDepth)
            {
                throw new MalformedContentException($"the XMP packet nests elements deeper than {MaxDepth} levels", location: "XMP");
            }
        }
    }

    /// <summary>
    /// Returns <paramref name="packet"/> (or a new packet when null) with <c>dcterms:provenance</c> set to
    /// <paramref name="url"/> on the first <c>rdf:Description</c>; null <paramref name="url"/> removes it.
    /// </summary>
    public static byte[] SetProvenance(ReadOnlySpan<byte> packet, string? url)
    {
        XDocument document;
        var text = packet.IsEmpty ? null : Decode(packet);
        try
        {
            if (text is not null)
            {
                RefuseDeepNesting(text);
            }

            document = text is null ? Empty() : XDocument.Load(XmlReader.Create(new StringReader(text), ReaderSettings), LoadOptions.PreserveWhitespace);
        }
        catch (XmlException e)
        {
            throw new MalformedContentException("the XMP packet is not well-formed XML: " + e.Message, location: "XMP", innerException: e);
        }

        foreach (var element in document.Descendants())
        {
            element.Attribute(Provenance)?.Remove();
        }

        document.Descendants(Provenance).Remove();
        if (url is not null)
        {
            var description = document.Descendants(Description).FirstOrDefault();
            if (description is null)
            {
                var rdf = document.Descendants(XName.Get("RDF", RdfNamespace)).FirstOrDefault()
                    ?? throw new MalformedContentException("the XMP packet has no rdf:RDF element", location: "XMP");
                description = new XElement(Description, new XAttribute(XName.Get("about", RdfNamespace), string.Empty));
                rdf.Add(description);
            }

            // The dcterms prefix may already be bound to another namespace on this element (found by fuzzing,
            // docs/robustness.md): declaring it again would be a duplicate attribute. Without a declaration here
            // the writer makes up a free prefix for the namespace.
            if (description.GetPrefixOfNamespace(DcTermsNamespace) is null && description.Attribute(XNamespace.Xmlns + "dcterms") is null)
            {
                description.Add(new XAttribute(XNamespace.Xmlns + "dcterms", DcTermsNamespace));
            }

            description.Add(new XAttribute(Provenance, url));
        }

        var settings = new XmlWriterSettings { OmitXmlDeclaration = true, Encoding = new UTF8Encoding(false), Indent = false };
        using var output = new MemoryStream();
        using (var writer = XmlWriter.Create(output, settings))
        {
            document.Save(writer);
        }

        return output.ToArray();
    }

    private static XDocument Empty() => XDocument.Parse(
        "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>" +
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"" + RdfNamespace + "\">" +
        "<rdf:Description rdf:about=\"\" xmlns:dcterms=\"" + DcTermsNamespace + "\"/>" +
        "</rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>",
        LoadOptions.PreserveWhitespace);

    /// <summary>XMP is UTF-8 (possibly with a BOM) in practice; UTF-16 packets are recognised by their BOM.</summary>
    private static string? Decode(ReadOnlySpan<byte> packet)
    {
        if (packet.Length > FormatLimits.MaxMetadataLength)
        {
            return null;
        }

        if (packet.Length >= 2 && ((packet[0] == 0xFE && packet[1] == 0xFF) || (packet[0] == 0xFF && packet[1] == 0xFE)))
        {
            return (packet[0] == 0xFE ? Encoding.BigEndianUnicode : Encoding.Unicode).GetString(packet[2..]);
        }

        if (packet.Length >= 3 && packet[0] == 0xEF && packet[1] == 0xBB && packet[2] == 0xBF)
        {
            packet = packet[3..];
        }

        // Packets are often followed by NUL padding in containers.
        var end = packet.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end >= 0 ? packet[..end] : packet);
    }
}
