using System.Formats.Cbor;
using MediaTrust.Cbor;

namespace MediaTrust.Manifests;

public sealed class HashedUriTests
{
    [Fact]
    public void A_hashed_uri_without_alg_is_written_as_url_and_hash_and_reads_back()
    {
        var uri = new HashedUri(JumbfUri.ForAssertionStore("c2pa.actions.v2"), new byte[] { 1, 2, 3 });
        var writer = new CborWriter(CborConformanceMode.Canonical);
        uri.Write(writer);
        var bytes = writer.Encode();

        // Canonical order (RFC 8949 §4.2.1): "url" before "hash".
        Assert.Equal("A263", Convert.ToHexString(bytes)[..4]);
        var read = HashedUri.From(CborJson.Decode(bytes))!;
        Assert.Equal("self#jumbf=c2pa.assertions/c2pa.actions.v2", read.Url);
        Assert.Null(read.Algorithm);
        Assert.Equal([1, 2, 3], read.Hash.ToArray());
    }

    [Fact]
    public void A_hashed_uri_with_alg_is_written_with_it()
    {
        var uri = new HashedUri("self#jumbf=/c2pa/urn:c2pa:x", "sha384", new byte[] { 9 });
        var writer = new CborWriter(CborConformanceMode.Canonical);
        uri.Write(writer);

        Assert.Equal(uri.Url, HashedUri.From(CborJson.Decode(writer.Encode()))!.Url);
        Assert.Equal("sha384", HashedUri.From(CborJson.Decode(writer.Encode()))!.Algorithm);
    }
}
