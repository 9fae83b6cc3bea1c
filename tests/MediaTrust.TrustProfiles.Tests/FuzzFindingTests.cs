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

    [Theory]
    [InlineData("00000008667479703030303030303030")] // an ftyp atom whose child runs past it: bare Exception
    [InlineData("000000136674797030303030303030303030300000000130303030a030303030303030")] // a 64-bit atom size: OverflowException
    public void A_quicktime_file_whose_atoms_run_past_their_parent_gives_no_metadata_instead_of_throwing(string hex)
    {
        var directory = Directory.CreateTempSubdirectory("mediatrust-fuzz-finding-");
        try
        {
            var path = Path.Combine(directory.FullName, "finding.mp4");
            File.WriteAllBytes(path, Convert.FromHexString(hex));

            var (_, metadata) = MediaMetadata.Read(path, "video/mp4");

            Assert.Empty(metadata);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_png_chunk_declaring_a_gigabyte_costs_no_gigabyte_of_memory()
    {
        // 79 bytes: signature, IHDR, an iTXt chunk whose length says 1 GiB, IEND. MetadataExtractor allocated the
        // declared length (1,073,786,096 bytes) before reading; the chunk walk now rejects it first.
        var png = Convert.FromHexString(
            "89504E470D0A1A0A0000000D4948445200000001000000010802000000907753DE" +
            "4000000069545874584D4C3A636F6D2E61646F62652E786D70000000000068467E1A" +
            "0000000049454E44AE426082");
        var directory = Directory.CreateTempSubdirectory("mediatrust-fuzz-finding-");
        try
        {
            var path = Path.Combine(directory.FullName, "finding.png");
            File.WriteAllBytes(path, png);

            var before = GC.GetAllocatedBytesForCurrentThread();
            var (_, metadata) = MediaMetadata.Read(path, "image/png");
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Empty(metadata);
            Assert.True(allocated < 16L * 1024 * 1024, $"allocated {allocated:N0} bytes");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
