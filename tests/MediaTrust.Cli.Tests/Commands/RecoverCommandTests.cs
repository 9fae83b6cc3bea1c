using System.Text.Json.Nodes;
using MediaTrust.SoftBinding;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace MediaTrust.Cli.Commands;

/// <summary>
/// <c>recover</c> and <c>verify --recover</c> (docs/cli.md) over a SQLite repository made by <c>sign --soft-binding
/// --publish</c>, with a signed photo and a copy of it stripped of its credentials and re-encoded.
/// </summary>
public sealed class RecoverCommandTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("mediatrust-recover-");

    private string PathOf(string name) => Path.Combine(_directory.FullName, name);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    /// <summary>Signs photo 1 with ISCC and PDQ, publishes it to repo.db, writes a stripped re-encoded copy, an unrelated photo and a sound without credentials.</summary>
    private async Task<string> SetUpAsync()
    {
        var token = TestContext.Current.CancellationToken;
        await CliRunner.RunAsync("cert", "init", PathOf("pki"));
        await File.WriteAllBytesAsync(PathOf("photo.jpg"), Photo(1), token);
        await File.WriteAllBytesAsync(PathOf("unrelated.jpg"), Photo(2), token);
        await File.WriteAllBytesAsync(PathOf("sound.wav"), Wav(), token);
        await File.WriteAllTextAsync(PathOf("manifest.json"), """
            { "claim_generator_info": [{ "name": "cli tests" }], "title": "Harbour at dusk",
              "assertions": [{ "label": "c2pa.actions.v2", "data": { "actions": [{ "action": "c2pa.created",
                "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture" }] } }] }
            """, token);
        var (code, output, error) = await CliRunner.RunAsync("sign", PathOf("photo.jpg"), "-m", PathOf("manifest.json"), "-o", PathOf("signed.jpg"),
            "--key", PathOf("pki/signer.key"), "--cert", PathOf("pki/chain.pem"), "--soft-binding", "iscc,pdq", "--publish", PathOf("repo.db"));
        Assert.True(code == ExitCodes.Ok, error + output);
        var manifestId = output.Split(' ', '\n').Single(w => w.StartsWith("urn:c2pa:", StringComparison.Ordinal) && output.Contains($"Published {w}", StringComparison.Ordinal));

        // What a platform does: decode, drop every metadata block (and with it the C2PA store), re-encode.
        using (var image = Image.Load<Rgba32>(PathOf("signed.jpg")))
        {
            image.Metadata.ExifProfile = null;
            image.Metadata.XmpProfile = null;
            image.Metadata.IptcProfile = null;
            image.Mutate(x => x.Resize(image.Width * 3 / 4, image.Height * 3 / 4));
            await image.SaveAsJpegAsync(PathOf("stripped.jpg"), new JpegEncoder { Quality = 75 }, token);
        }

        return manifestId;
    }

    [Fact]
    public async Task Verify_recover_shows_recovered_provenance_for_the_stripped_copy_only()
    {
        var manifestId = await SetUpAsync();

        var (code, output, error) = await CliRunner.RunAsync("verify", PathOf("signed.jpg"), PathOf("stripped.jpg"), PathOf("unrelated.jpg"), PathOf("sound.wav"),
            "--recover", "--repo", PathOf("repo.db"), "--trust-anchors", PathOf("pki/root.pem"), "--parallel", "1");

        Assert.True(error.Length == 0, error);

        // The exit code still speaks of the embedded credentials: three files carry none.
        Assert.Equal(ExitCodes.NoManifest, code);
        var stripped = Section(output, "stripped.jpg");
        Assert.Contains("stripped.jpg: NO MANIFEST", stripped, StringComparison.Ordinal);
        Assert.Contains("RECOVERED PROVENANCE — found by the image's soft bindings in a manifest repository, not embedded in this file:", stripped, StringComparison.Ordinal);
        Assert.Contains($"1. {manifestId}", stripped, StringComparison.Ordinal);
        Assert.Contains("Title: Harbour at dusk", stripped, StringComparison.Ordinal);
        Assert.Contains("io.iscc.v0 matches", stripped, StringComparison.Ordinal);
        Assert.Contains("The credentials themselves are intact: signature valid and trusted.", stripped, StringComparison.Ordinal);
        Assert.Contains("is not a sign of tampering", stripped, StringComparison.Ordinal);

        // The signed file is verified as it is: nothing is searched for it.
        var signed = Section(output, "signed.jpg");
        Assert.Contains("TRUSTED (embedded manifest)", signed, StringComparison.Ordinal);
        Assert.DoesNotContain("RECOVERED", signed, StringComparison.Ordinal);
        Assert.DoesNotContain("recovery:", signed, StringComparison.Ordinal);

        Assert.Contains("recovery:    no provenance recovered (no manifest in the repositories has soft bindings close to this image)", Section(output, "unrelated.jpg"), StringComparison.Ordinal);
        Assert.Contains("recovery:    not searched (not an image)", Section(output, "sound.wav"), StringComparison.Ordinal);
        Assert.Contains("provenance recovered for 1 of 3 file(s) without content credentials", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_recover_json_lines_carry_the_recovered_manifest_apart_from_the_verdict()
    {
        var manifestId = await SetUpAsync();

        var (code, output, error) = await CliRunner.RunAsync("verify", "--json-lines", PathOf("stripped.jpg"), PathOf("signed.jpg"),
            "--recover", "--repo", PathOf("repo.db"), "--trust-anchors", PathOf("pki/root.pem"), "--parallel", "1");

        Assert.True(error.Length == 0, error);
        Assert.Equal(ExitCodes.NoManifest, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToDictionary(l => Path.GetFileName((string)l["path"]!));
        var stripped = lines["stripped.jpg"];
        Assert.Equal("no-manifest", (string?)stripped["state"]);
        var recovered = stripped["recovery"]!["recovered"]!.AsArray();
        var first = Assert.Single(recovered)!;
        Assert.Equal(manifestId, (string?)first["manifestId"]);
        Assert.Equal(PathOf("repo.db"), (string?)first["repository"]);
        Assert.True((bool)first["softBindingsMatched"]!);
        Assert.False((bool)first["hardBindingMatchesThisFile"]!);
        Assert.Equal("Harbour at dusk", (string?)first["title"]);
        Assert.Empty(first["credentialFailures"]!.AsArray());
        Assert.Contains(first["softBindings"]!.AsArray(), b => (string?)b!["alg"] == ImageFingerprints.IsccAlgorithm && (bool?)b["matched"] == true);
        Assert.Null(lines["signed.jpg"]["recovery"]);
    }

    [Fact]
    public async Task Verify_recover_needs_an_existing_repository()
    {
        await File.WriteAllBytesAsync(PathOf("photo.jpg"), Photo(1), TestContext.Current.CancellationToken);

        var (withoutRepo, _, error) = await CliRunner.RunAsync("verify", PathOf("photo.jpg"), "--recover");
        var (missing, _, missingError) = await CliRunner.RunAsync("verify", PathOf("photo.jpg"), "--recover", "--repo", PathOf("none.db"));
        var (repoAlone, _, _) = await CliRunner.RunAsync("verify", PathOf("photo.jpg"), "--repo", PathOf("none.db"));

        Assert.Equal(ExitCodes.Usage, withoutRepo);
        Assert.Contains("--recover needs at least one --repo", error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, missing);
        Assert.Contains("does not exist", missingError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, repoAlone);
        Assert.False(File.Exists(PathOf("none.db")));
    }

    [Fact]
    public async Task Recover_decodes_a_raw_trustmark_payload_given_as_a_watermark()
    {
        await SetUpAsync();

        // A BCH_5 payload with two bit errors: corrected, then looked up as "1*<61 bits>" (docs/soft-bindings.md).
        var raw = TrustMarkPayload.Encode(TrustMarkSchema.Bch5, "1011").ToCharArray();
        raw[3] = raw[3] == '0' ? '1' : '0';
        raw[70] = raw[70] == '0' ? '1' : '0';
        var (code, output, error) = await CliRunner.RunAsync("recover", PathOf("stripped.jpg"), "--repo", PathOf("repo.db"),
            "--watermark", $"com.adobe.trustmark.Q={new string(raw)}", "--trust-anchors", PathOf("pki/root.pem"));
        Assert.True(code == ExitCodes.Ok, error + output);

        // Beyond what the code corrects: refused, not looked up as something else.
        for (var i = 10; i < 20; i++)
        {
            raw[i] = raw[i] == '0' ? '1' : '0';
        }

        var (badCode, _, badError) = await CliRunner.RunAsync("recover", PathOf("stripped.jpg"), "--repo", PathOf("repo.db"),
            "--watermark", $"com.adobe.trustmark.Q={new string(raw)}");
        Assert.Equal(ExitCodes.Usage, badCode);
        Assert.Contains("more bit errors than its BCH code corrects", badError, StringComparison.Ordinal);
    }

    [Fact]
    public void Watermark_values_are_hex_or_for_trustmark_raw_or_decoded_bits()
    {
        var raw = TrustMarkPayload.Encode(TrustMarkSchema.Bch4, "0000001001010000010000111101101101001110001001110100001010000000111");

        var (values, error) = RecoveryOutput.ParseWatermarks(["com.adobe.trustmark.Q=" + raw, "com.adobe.trustmark.P=2*0101", "com.example.wm=0a0b"]);

        Assert.Null(error);
        Assert.Equal("2*00000010010100000100001111011011010011100010011101000010100000001110"u8.ToArray(), values[0].Value);
        Assert.Equal("com.adobe.trustmark.Q", values[0].Algorithm);
        Assert.Equal("2*0101"u8.ToArray(), values[1].Value);
        Assert.Equal(new byte[] { 0x0a, 0x0b }, values[2].Value);
        Assert.NotNull(RecoveryOutput.ParseWatermarks(["com.example.wm=xyz"]).Error);
        Assert.NotNull(RecoveryOutput.ParseWatermarks(["no-equals-sign"]).Error);
    }

    /// <summary>The part of the readable output about one file: from its verdict line to the next file's.</summary>
    private string Section(string output, string name)
    {
        var start = output.IndexOf(PathOf(name) + ":", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no verdict for {name} in:\n{output}");
        var next = output.IndexOf("\n" + _directory.FullName, start + 1, StringComparison.Ordinal);
        var end = output.IndexOf("\n┌", start, StringComparison.Ordinal) is var table and >= 0 && (next < 0 || table < next) ? table : next;
        return end < 0 ? output[start..] : output[start..end];
    }

    /// <summary>A WAV file of a few silent samples: a format that carries credentials, but not an image.</summary>
    private static byte[] Wav()
    {
        using var wav = new MemoryStream();
        using var writer = new BinaryWriter(wav);
        writer.Write("RIFF"u8);
        writer.Write(36 + 8);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(8000);
        writer.Write(16000);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(8);
        writer.Write(new byte[8]);
        writer.Flush();
        return wav.ToArray();
    }

    /// <summary>A 480×360 JPEG of seeded soft-edged colour blocks: a different "photo" per seed, with enough detail for both fingerprints.</summary>
    private static byte[] Photo(int seed)
    {
        var random = new Random(seed);
        using var image = new Image<Rgba32>(480, 360);
        var blocks = new Rgba32[16, 12];
        for (var i = 0; i < 16; i++)
        {
            for (var j = 0; j < 12; j++)
            {
                blocks[i, j] = new Rgba32((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), 255);
            }
        }

        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    row[x] = blocks[x / 30, y / 30];
                }
            }
        });
        image.Mutate(x => x.GaussianBlur(5));
        using var jpeg = new MemoryStream();
        image.SaveAsJpeg(jpeg, new JpegEncoder { Quality = 90 });
        return jpeg.ToArray();
    }
}
