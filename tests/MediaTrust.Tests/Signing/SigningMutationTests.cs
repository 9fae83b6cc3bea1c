using MediaTrust.IO;

namespace MediaTrust.Signing;

/// <summary>
/// Signing a damaged file never crashes: for every writable format, seeded damage to a generated file
/// (byte flips, size fields set to 0 or all ones, truncation, cut slices) either signs, and the result
/// then reads back, or fails with <see cref="MalformedContentException"/> or <see cref="NotSupportedException"/>.
/// Thumbnails are on, so the third-party image decoder sees the damage too.
/// </summary>
public sealed class SigningMutationTests
{
    private const int Mutations = 150;

    public static TheoryData<string> Formats => new(GeneratedAssets.Writable);

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Damaged_files_sign_or_fail_with_a_documented_error(string extension)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var signer = TestSigner.Create();
        var asset = GeneratedAssets.Create(extension);
        var failures = new List<string>();
        for (var seed = 0; seed < Mutations; seed++)
        {
            var (damaged, what) = Damage(asset, new Random((seed * 31) + extension.Length));
            try
            {
                using var output = new MemoryStream();
                await new ManifestBuilder(SignEveryFormatTests.AiGenerated).SignAsync(new MemoryStream(damaged), output, signer, cancellationToken)
                    .WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
                output.Position = 0;
                _ = (await Reader.ReadAsync(output, cancellationToken: cancellationToken)).ToJson();
            }
            catch (Exception e) when (e is MalformedContentException or NotSupportedException or NoManifestException)
            {
                // A documented outcome for bad input.
            }
            catch (Exception e)
            {
                failures.Add($"{extension} seed {seed} ({what}): {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(5)));
    }

    private static (byte[] Damaged, string What) Damage(byte[] asset, Random random)
    {
        var damaged = (byte[])asset.Clone();
        switch (random.Next(4))
        {
            case 0:
            {
                var at = random.Next(damaged.Length);
                damaged[at] ^= (byte)random.Next(1, 256);
                return (damaged, $"byte {at} flipped");
            }

            case 1:
            {
                var at = random.Next(Math.Max(1, damaged.Length - 4));
                var value = random.Next(2) == 0 ? (byte)0x00 : (byte)0xFF;
                damaged.AsSpan(at, Math.Min(4, damaged.Length - at)).Fill(value);
                return (damaged, $"4 bytes at {at} set to 0x{value:X2}");
            }

            case 2:
            {
                var length = random.Next(damaged.Length);
                return (damaged[..length], $"truncated to {length} bytes");
            }

            default:
            {
                var at = random.Next(damaged.Length);
                var length = Math.Min(1 + random.Next(32), damaged.Length - at);
                return ([.. damaged.AsSpan(0, at), .. damaged.AsSpan(at + length)], $"{length} bytes cut at {at}");
            }
        }
    }
}
