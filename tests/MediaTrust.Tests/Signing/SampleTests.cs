using MediaTrust.Testing;
using MediaTrust.Validation;
using SixLabors.ImageSharp.Formats.Jpeg;

namespace MediaTrust.Signing;

/// <summary>
/// The committed sample (<c>samples/</c>): a gradient JPEG this project generated, signed with the
/// demo key as an AI-generated image. Set <c>MEDIATRUST_WRITE_SAMPLE_IMAGE=1</c> to regenerate the unsigned image.
/// </summary>
public sealed class SampleTests
{
    private static string Samples => Path.Combine(RepositoryRoot(), "samples");

    [Trait("Category", "Corpus")]
    [Fact]
    public async Task The_signed_sample_is_trusted_with_the_demo_root_and_says_it_is_ai_generated()
    {
        if (Environment.GetEnvironmentVariable("MEDIATRUST_WRITE_SAMPLE_IMAGE") == "1")
        {
            await File.WriteAllBytesAsync(Path.Combine(Samples, "gradient.jpg"), GeneratedAssets.Encode(new JpegEncoder { Quality = 85 }, 640, 400), TestContext.Current.CancellationToken);
        }

        var signed = Path.Combine(Samples, "gradient-signed.jpg");
        var root = Path.Combine(Samples, "demo-keys", "root.pem");
        // Pinned validation time: the demo certificates are valid for ten years from 2026.
        var options = new ReaderOptions
        {
            Validation = new ValidationOptions
            {
                Trust = new Pki.TrustStoreBuilder().AddSignerAnchorsFromPem(await File.ReadAllTextAsync(root, TestContext.Current.CancellationToken)).Build(),
                ValidationTime = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero),
            },
        };
        var reader = await Reader.ReadFileAsync(signed, options, TestContext.Current.CancellationToken);
        Assert.True(reader.Validation!.State == ValidationState.Trusted, string.Join("; ", reader.Validation.Failures));

        var json = Oracle.Run(signed, mode: "json", anchorsPem: root);
        Assert.Equal("Trusted", json["validation_state"]!.GetValue<string>());
        var active = json["manifests"]![json["active_manifest"]!.GetValue<string>()]!;
        var actions = active["assertions"]!.AsArray().Single(a => a!["label"]!.GetValue<string>() == "c2pa.actions.v2")!;
        Assert.Equal("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia",
            actions["data"]!["actions"]![0]!["digitalSourceType"]!.GetValue<string>());
        Assert.NotNull(active["thumbnail"]);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MediaTrust.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (MediaTrust.slnx) was not found above the test binaries");
    }
}
