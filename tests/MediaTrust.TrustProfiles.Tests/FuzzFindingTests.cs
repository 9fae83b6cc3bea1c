using MediaTrust.TrustProfiles.Indicators;

namespace MediaTrust.TrustProfiles;

/// <summary>
/// Inputs the fuzzing campaign found (docs/robustness.md, "Fuzzing"), minimised by afl-tmin; the files are in
/// fuzz/findings/profile/ and fuzz/findings/metadata/.
/// </summary>
[Trait("Category", "Damage")]
public sealed class FuzzFindingTests
{
    [Fact]
    public void Yaml_that_makes_the_yaml_library_throw_other_than_a_yaml_exception_is_a_profile_error()
    {
        // YamlDotNet throws ArgumentException ("unsupported event"; unminimised: InvalidOperationException from its
        // scanner), not YamlException, while loading this.
        var e = Assert.Throws<ProfileException>(() => TrustProfile.Parse(":\n :"));

        Assert.Contains("invalid YAML", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_jpeg_whose_huffman_table_segment_holds_a_marker_gives_no_metadata_instead_of_throwing()
    {
        // SOI, a DHT segment whose table bytes run into 0xFF 0x30, EOI: MetadataExtractor throws MetadataException.
        var jpeg = Convert.FromBase64String("/9j/xAAwMDAwMDD/MDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMP/Z");
        var directory = Directory.CreateTempSubdirectory("mediatrust-fuzz-finding-");
        try
        {
            var path = Path.Combine(directory.FullName, "finding.jpg");
            File.WriteAllBytes(path, jpeg);

            var (content, metadata) = MediaMetadata.Read(path, "image/jpeg");

            Assert.Equal("image/jpeg", (string?)content["format"]);
            Assert.Empty(metadata);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
