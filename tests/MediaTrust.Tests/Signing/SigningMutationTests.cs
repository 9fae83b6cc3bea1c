using MediaTrust.IO;
using MediaTrust.Testing;

namespace MediaTrust.Signing;

/// <summary>
/// Signing a damaged file never crashes: for every writable format, seeded damage to a generated file
/// (<see cref="Damage.Apply"/>) either signs, and the result
/// then reads back, or fails with <see cref="MalformedContentException"/> or <see cref="NotSupportedException"/>.
/// Thumbnails are on, so the third-party image decoder sees the damage too.
/// </summary>
[Trait("Category", "Damage")]
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
            var (damaged, what) = Damage.Apply(asset, target: null, new Random(Damage.StableSeed(extension, seed)));
            try
            {
                using var output = new MemoryStream();
                // On the thread pool, so the hang guard can fire while a synchronous parser loops.
                await Task.Run(() => new ManifestBuilder(SignEveryFormatTests.AiGenerated).SignAsync(new MemoryStream(damaged), output, signer, cancellationToken), cancellationToken)
                    .WaitAsync(HangGuard.Limit, cancellationToken);
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
}
