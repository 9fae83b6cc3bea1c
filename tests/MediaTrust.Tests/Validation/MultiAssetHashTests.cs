using System.Security.Cryptography;
using MediaTrust.Assertions;
using MediaTrust.Bindings;
using MediaTrust.Cose;
using MediaTrust.Pki;
using MediaTrust.Signing;
using MediaTrust.Spec;
using MediaTrust.Testing;

namespace MediaTrust.Validation;

/// <summary>
/// §15.12.4 and §18.9: a multi-asset hash stands in for a hard binding that no longer matches, part by part.
/// The asset is a PNG (the primary part) followed by a second part, as Ultra HDR gain maps and motion photos
/// follow their primary image; the store is a sidecar, so the bytes are exactly the parts.
/// </summary>
public sealed class MultiAssetHashTests
{
    private static readonly byte[] Primary = TestStores.Png();
    private static readonly byte[] Secondary = [.. Enumerable.Range(0, 700).Select(i => (byte)(i * 7))];
    private static readonly byte[] Whole = [.. Primary, .. Secondary];

    private const string PrimaryHash = "self#jumbf=c2pa.assertions/c2pa.hash.data.part";
    private const string SecondaryHash = "self#jumbf=c2pa.assertions/c2pa.hash.data.part__1";

    /// <summary>Signs a sidecar store for <see cref="Whole"/> (with its data hash over every byte) and validates it against <paramref name="asset"/>.</summary>
    private static async Task<ValidationReport> ValidateAsync(byte[] asset, Action<System.Formats.Cbor.CborWriter> writeParts, bool boxHashedPrimary = false)
    {
        var pki = PkiFixtures.Get(SigningAlgorithm.ES256);
        using var signer = pki.CreateClaimSigner();
        var store = await TestAssets.SidecarStoreAsync(Whole, signer, new TestManifest(TestAssets.ParentLabel,
        [
            TestAssets.Created(),
            boxHashedPrimary
                ? new("c2pa.hash.boxes.part", BoxHashOf(Primary))
                : new("c2pa.hash.data.part", DataHashAssertion.Write([], SHA256.HashData(Primary), "sha256", DataHashAssertion.WritePlaceholder(0, 32, "sha256").Length)),
            new("c2pa.hash.data.part__1", DataHashAssertion.Write([], SHA256.HashData(Secondary), "sha256", DataHashAssertion.WritePlaceholder(0, 32, "sha256").Length)),
            new("c2pa.hash.multi-asset", hashes => TestAssets.Cbor(w =>
            {
                w.WriteStartMap(1);
                w.WriteTextString("parts");
                writeParts(w);
                w.WriteEndMap();
            })),
        ]));
        var reader = await Reader.ReadWithManifestAsync(new MemoryStream(asset), store,
            new ReaderOptions { Validation = new ValidationOptions { Trust = PkiFixtures.TrustFor(pki), ValidationTime = PkiFixtures.Now } },
            cancellationToken: TestContext.Current.CancellationToken);
        return reader.Validation!;
    }

    private static void Part(System.Formats.Cbor.CborWriter w, long offset, long length, string hashAssertion, bool? optional = null)
    {
        w.WriteStartMap(optional is null ? 2 : 3);
        w.WriteTextString("location");
        w.WriteStartMap(2);
        w.WriteTextString("byteOffset");
        w.WriteInt64(offset);
        w.WriteTextString("length");
        w.WriteInt64(length);
        w.WriteEndMap();
        w.WriteTextString("hashAssertion");
        w.WriteTextString(hashAssertion);
        if (optional is { } value)
        {
            w.WriteTextString("optional");
            w.WriteBoolean(value);
        }

        w.WriteEndMap();
    }

    private static Action<System.Formats.Cbor.CborWriter> TwoParts(bool secondOptional = true) => w =>
    {
        w.WriteStartArray(2);
        Part(w, 0, Primary.Length, PrimaryHash);
        Part(w, Primary.Length, Secondary.Length, SecondaryHash, secondOptional);
        w.WriteEndArray();
    };

    private static List<string> Codes(ValidationReport report) =>
        [.. report.Results.ActiveManifest.Success.Concat(report.Results.ActiveManifest.Informational).Concat(report.Results.ActiveManifest.Failure)
            .Select(f => f.Code).Where(c => c.Contains("Hash", StringComparison.Ordinal))];

    private static byte[] BoxHashOf(byte[] png)
    {
        var boxes = Formats.Png.PngFormat.Instance.ReadLayout(new MemoryStream(png)).Boxes;
        return BoxHashAssertion.Write([.. boxes.Select(b => b.Name)], BoxHashValidator.HashEach(new MemoryStream(png), boxes, HashAlgorithmName.SHA256, CancellationToken.None), "sha256");
    }

    [Fact]
    public async Task While_the_hard_binding_matches_the_parts_are_not_consulted()
    {
        var report = await ValidateAsync(Whole, TwoParts());

        Assert.Equal(["assertion.dataHash.match"], Codes(report));
        Assert.Equal(ValidationState.Trusted, report.State);
    }

    [Fact]
    public async Task Removing_an_optional_trailing_part_leaves_a_matching_multi_asset_hash()
    {
        var report = await ValidateAsync(Primary, TwoParts());

        Assert.Equal(["assertion.multiAssetHash.match"], Codes(report));
        Assert.Contains("1 optional part(s) removed", report.Results.ActiveManifest.Success.Single(f => f.Code == "assertion.multiAssetHash.match").Explanation,
            StringComparison.Ordinal);
        Assert.Equal(ValidationState.Trusted, report.State);
        Assert.Equal(IntegrityStatus.Intact, report.Axes.Integrity);
    }

    /// <summary>A box-hashed part is parsed as the file it is (here a PNG: its chunks are the boxes).</summary>
    [Fact]
    public async Task A_box_hashed_primary_part_is_checked_as_a_file_of_its_own()
    {
        var parts = (Action<System.Formats.Cbor.CborWriter>)(w =>
        {
            w.WriteStartArray(2);
            Part(w, 0, Primary.Length, "self#jumbf=c2pa.assertions/c2pa.hash.boxes.part");
            Part(w, Primary.Length, Secondary.Length, SecondaryHash, optional: true);
            w.WriteEndArray();
        });
        byte[] changed = [.. Primary];
        changed[^20] ^= 1; // inside the PNG's last chunks

        var intact = await ValidateAsync(Primary, parts, boxHashedPrimary: true);
        var tampered = await ValidateAsync(changed, parts, boxHashedPrimary: true);

        Assert.Equal(["assertion.multiAssetHash.match"], Codes(intact));
        Assert.Equal(["assertion.multiAssetHash.mismatch"], Codes(tampered));
    }

    [Fact]
    public async Task Removing_a_part_that_is_not_optional_is_a_missing_part()
    {
        var report = await ValidateAsync(Primary, TwoParts(secondOptional: false));

        Assert.Equal(["assertion.multiAssetHash.missingPart"], Codes(report));
        Assert.Equal(ValidationState.Invalid, report.State);
    }

    [Fact]
    public async Task A_changed_part_is_a_mismatch_naming_the_part()
    {
        byte[] changed = [.. Primary, .. Secondary];
        changed[Primary.Length + 10] ^= 1;

        var report = await ValidateAsync(changed, TwoParts());

        Assert.Equal(["assertion.multiAssetHash.mismatch"], Codes(report));
        Assert.Contains("part 2", report.Failures.Single().Explanation, StringComparison.Ordinal);
        Assert.Equal(IntegrityStatus.Tampered, report.Axes.Integrity);
    }

    [Theory]
    [InlineData("overlap")]
    [InlineData("gap")]
    [InlineData("past the end")]
    [InlineData("no parts")]
    [InlineData("not a part hash")]
    public async Task Parts_that_do_not_tile_the_asset_are_malformed(string what)
    {
        Action<System.Formats.Cbor.CborWriter> parts = what switch
        {
            "overlap" => w =>
            {
                w.WriteStartArray(2);
                Part(w, 0, Primary.Length, PrimaryHash);
                Part(w, Primary.Length - 1, Secondary.Length, SecondaryHash);
                w.WriteEndArray();
            },
            "gap" => w =>
            {
                w.WriteStartArray(1);
                Part(w, 0, Primary.Length - 1, PrimaryHash);
                w.WriteEndArray();
            },
            "past the end" => w =>
            {
                w.WriteStartArray(1);
                Part(w, 0, Primary.Length + 1, PrimaryHash);
                w.WriteEndArray();
            },
            "no parts" => w =>
            {
                w.WriteStartArray(0);
                w.WriteEndArray();
            },
            _ => w =>
            {
                w.WriteStartArray(1);
                Part(w, 0, Primary.Length, "self#jumbf=c2pa.assertions/c2pa.actions.v2");
                w.WriteEndArray();
            },
        };

        var report = await ValidateAsync(Primary, parts);

        Assert.True(Codes(report).SequenceEqual(["assertion.multiAssetHash.malformed"]), $"{what}: {string.Join(", ", Codes(report))}");
    }

    [Fact]
    public async Task A_part_located_by_a_bmff_box_leaves_the_hard_binding_failure_with_a_note()
    {
        var report = await ValidateAsync(Primary, w =>
        {
            w.WriteStartArray(1);
            w.WriteStartMap(2);
            w.WriteTextString("location");
            w.WriteStartMap(1);
            w.WriteTextString("bmffBox");
            w.WriteTextString("/mpvd");
            w.WriteEndMap();
            w.WriteTextString("hashAssertion");
            w.WriteTextString(PrimaryHash);
            w.WriteEndMap();
            w.WriteEndArray();
        });

        Assert.Equal(["assertion.dataHash.mismatch", ValidationStatusCodes.MultiAssetHashNotChecked], Codes(report).Order(StringComparer.Ordinal));
    }
}
