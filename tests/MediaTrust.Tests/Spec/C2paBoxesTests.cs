using MediaTrust.Jumbf;

namespace MediaTrust.Spec;

public sealed class C2paBoxesTests
{
    public static TheoryData<string, string> Types => new()
    {
        { nameof(C2paBoxes.ManifestStore), "c2pa" },
        { nameof(C2paBoxes.StandardManifest), "c2ma" },
        { nameof(C2paBoxes.StandardManifestAlternate), "c2md" },
        { nameof(C2paBoxes.UpdateManifest), "c2um" },
        { nameof(C2paBoxes.CompressedManifest), "c2cm" },
        { nameof(C2paBoxes.AssertionStore), "c2as" },
        { nameof(C2paBoxes.Claim), "c2cl" },
        { nameof(C2paBoxes.ClaimSignature), "c2cs" },
        { nameof(C2paBoxes.CredentialStore), "c2vc" },
        { nameof(C2paBoxes.DataBoxStore), "c2db" },
    };

    [Theory]
    [MemberData(nameof(Types))]
    public void Type_uuid_is_the_fourcc_with_the_iso_suffix(string field, string fourCC)
    {
        var value = (Guid)typeof(C2paBoxes).GetField(field)!.GetValue(null)!;
        Assert.Equal(JumbfTypes.FromFourCC(fourCC), value);
    }

    [Fact]
    public void Fourccs_match_their_text()
    {
        Assert.Equal(FourCC.From("c2pa"), C2paBoxes.ManifestStoreFourCC);
        Assert.Equal(C2paBoxes.Salt, FourCC.From("c2sh"));
    }
}
