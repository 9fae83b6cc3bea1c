using System.Text;
using MediaTrust.Formats.Jpeg;
using MediaTrust.Jumbf;

namespace MediaTrust.Testing;

/// <summary>
/// Generators for the hostile inputs of issue #16 (docs/robustness.md): small files built to make a parser
/// spend memory out of proportion to their size. Parameters are free so tests can sweep the class.
/// </summary>
internal static class HostileInputs
{
    /// <summary>
    /// A manifest store whose manifest nests <paramref name="depth"/> superboxes, each labelled with
    /// <paramref name="labelLength"/> characters and holding <paramref name="emptyChildren"/> empty boxes
    /// before the next level.
    /// </summary>
    public static byte[] NestedLabelStore(int depth, int labelLength, int emptyChildren, bool childrenFirst = true)
        => TestStores.Store(NestedLabelManifest(depth, labelLength, emptyChildren, childrenFirst));

    /// <summary>The manifest of <see cref="NestedLabelStore"/>: the nested superboxes are its second assertion.</summary>
    public static byte[] NestedLabelManifest(int depth, int labelLength, int emptyChildren, bool childrenFirst = true)
    {
        var emptyBox = JumbfWriter.ContentBox(FourCC.From("free"), []);
        byte[]? inner = null;
        for (var level = depth - 1; level >= 0; level--)
        {
            var label = new string((char)('a' + (level % 26)), labelLength);
            var children = new List<byte[]>(emptyChildren + 1);
            if (!childrenFirst && inner is not null)
            {
                children.Add(inner);
            }

            for (var i = 0; i < emptyChildren; i++)
            {
                children.Add(emptyBox);
            }

            if (childrenFirst && inner is not null)
            {
                children.Add(inner);
            }

            inner = JumbfWriter.SuperBox(JumbfTypes.Cbor, label, children);
        }

        return TestStores.Manifest("urn:c2pa:hostile", "hostile",
            assertions: [TestStores.CborAssertion("c2pa.actions.v2", TestStores.Actions()), inner!]);
    }

    /// <summary>A baseline JPEG carrying <paramref name="store"/> in APP11 segments.</summary>
    public static byte[] InJpeg(byte[] store)
    {
        using var output = new MemoryStream();
        JpegFormat.Instance.Embed(new MemoryStream(TestStores.Jpeg()), output, store);
        return output.ToArray();
    }
}
