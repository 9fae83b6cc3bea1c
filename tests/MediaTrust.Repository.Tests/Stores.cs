using MediaTrust.Cose;
using MediaTrust.Pki;
using MediaTrust.Signing;
using MediaTrust.Testing;
using MediaTrust.Validation;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace MediaTrust.Repository;

/// <summary>Signed manifest stores of synthetic photos, with PDQ and ISCC soft bindings, for the repository tests.</summary>
internal static class Stores
{
    /// <summary>The test PKI's certificates are valid through 2024–2025: validation is pinned inside that.</summary>
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<TestPki> Pki = new(() => TestPki.Create(SigningAlgorithm.ES256, new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, Lazy<Task<(byte[] Asset, byte[] Store)>>> Cache = new();

    public static ValidationOptions Trusting => new() { Trust = new TrustStoreBuilder().AddSignerAnchors([Pki.Value.Root.Certificate]).Build(), ValidationTime = Now };

    public static ValidationOptions TrustingNobody => new() { Trust = TrustStore.Empty, ValidationTime = Now };

    /// <summary>A JPEG of seeded random soft-edged blocks (a different "photo" per seed).</summary>
    public static byte[] Photo(int seed)
    {
        var random = new Random(seed);
        using var image = new Image<Rgba32>(320, 240);
        var blocks = new Rgba32[21, 16];
        for (var i = 0; i < 21; i++)
        {
            for (var j = 0; j < 16; j++)
            {
                blocks[i, j] = new Rgba32((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), 255);
            }
        }

        for (var y = 0; y < 240; y++)
        {
            for (var x = 0; x < 320; x++)
            {
                image[x, y] = blocks[x / 16, y / 16];
            }
        }

        image.Mutate(x => x.GaussianBlur(4));
        using var jpeg = new MemoryStream();
        image.SaveAsJpeg(jpeg, new JpegEncoder { Quality = 90 });
        return jpeg.ToArray();
    }

    /// <summary>The photo of <paramref name="seed"/> and a sidecar store for it, signed with PDQ and ISCC soft bindings.</summary>
    public static Task<(byte[] Asset, byte[] Store)> SignedAsync(int seed) =>
        Cache.GetOrAdd(seed, s => new Lazy<Task<(byte[], byte[])>>(() => SignAsync(s))).Value;

    private static async Task<(byte[], byte[])> SignAsync(int seed)
    {
        var asset = Photo(seed);
        return (asset, await SignAssetAsync(asset, $"photo-{seed}.jpg"));
    }

    /// <summary>A sidecar store for <paramref name="asset"/> with the <paramref name="softBindings"/> (PDQ and ISCC by default).</summary>
    public static async Task<byte[]> SignAssetAsync(byte[] asset, string title, IReadOnlyList<string>? softBindings = null)
    {
        var definition = ManifestDefinition.FromJson($$"""
            { "claim_generator_info": [{ "name": "MediaTrust tests", "version": "1.0" }], "title": "{{title}}",
              "assertions": [ { "label": "c2pa.actions.v2", "data": { "actions": [ { "action": "c2pa.created" } ] } } ] }
            """);
        using var signer = Pki.Value.CreateClaimSigner();
        return await new ManifestBuilder(definition) { SoftBindings = softBindings ?? ["pdq", "iscc"], GenerateThumbnails = false }.SignSidecarAsync(new MemoryStream(asset), signer);
    }
}
