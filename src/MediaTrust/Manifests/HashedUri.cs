using System.Formats.Cbor;
using System.Text.Json.Nodes;

namespace MediaTrust.Manifests;

/// <summary>A hashed URI (<c>hashed-uri-map</c>, spec 2.2 §8.4.2): a JUMBF URI, an optional hash algorithm and the hash of the referenced box.</summary>
/// <param name="Url">The JUMBF URI, e.g. <c>self#jumbf=c2pa.assertions/c2pa.actions.v2</c>.</param>
/// <param name="Algorithm">The hash algorithm, when the map names one (otherwise the claim's <c>alg</c> applies, §13.1).</param>
/// <param name="Hash">The hash bytes.</param>
internal sealed record HashedUri(string Url, string? Algorithm, ReadOnlyMemory<byte> Hash)
{
    /// <summary>A hashed URI without <c>alg</c>: the claim's algorithm applies (§13.1), as in everything this library writes.</summary>
    public HashedUri(string url, ReadOnlyMemory<byte> hash)
        : this(url, null, hash)
    {
    }

    /// <summary>Reads a hashed URI from a decoded CBOR map; null when the node is not one.</summary>
    public static HashedUri? From(JsonNode? node)
    {
        if (node is not JsonObject map || map["url"] is not JsonValue url || !url.TryGetValue<string>(out var text))
        {
            return null;
        }

        var alg = map["alg"] is JsonValue a && a.TryGetValue<string>(out var algText) ? algText : null;
        var hash = map["hash"] is JsonValue h && h.TryGetValue<byte[]>(out var bytes) ? bytes : [];
        return new HashedUri(text, alg, hash);
    }

    /// <summary>Reads every hashed URI of a decoded CBOR array (entries that are not hashed URIs are skipped).</summary>
    public static IReadOnlyList<HashedUri> ListFrom(JsonNode? node)
    {
        if (node is not JsonArray array)
        {
            return [];
        }

        var list = new List<HashedUri>(array.Count);
        foreach (var item in array)
        {
            if (From(item) is { } uri)
            {
                list.Add(uri);
            }
        }

        return list;
    }

    /// <summary>Writes the <c>hashed-uri-map</c>: <c>url</c>, <c>alg</c> when set, and <c>hash</c>.</summary>
    public void Write(CborWriter writer)
    {
        writer.WriteStartMap(Algorithm is null ? 2 : 3);
        writer.WriteTextString("url");
        writer.WriteTextString(Url);
        if (Algorithm is not null)
        {
            writer.WriteTextString("alg");
            writer.WriteTextString(Algorithm);
        }

        writer.WriteTextString("hash");
        writer.WriteByteString(Hash.Span);
        writer.WriteEndMap();
    }

    /// <summary>Writes an array of hashed URIs.</summary>
    public static void WriteList(CborWriter writer, IReadOnlyList<HashedUri> uris)
    {
        writer.WriteStartArray(uris.Count);
        foreach (var uri in uris)
        {
            uri.Write(writer);
        }

        writer.WriteEndArray();
    }
}
