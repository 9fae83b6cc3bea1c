using BenchmarkDotNet.Attributes;
using MediaTrust.Validation;

namespace MediaTrust.Benchmarks;

/// <summary>
/// Reading, and reading plus validating, a real 2.2 MB camera JPEG from the shared corpus
/// (public-testfiles/image/jpeg/truepic-20230212-camera.jpg), the same file `oracle --time-ms`
/// times c2pa-rs on. The file is loaded into memory once, so both sides are measured without disk I/O.
/// </summary>
[MemoryDiagnoser]
public class CorpusReadBenchmarks
{
    private const string File = "public-testfiles/image/jpeg/truepic-20230212-camera.jpg";

    private static readonly ReaderOptions Validate = new() { Validation = new ValidationOptions { ValidationTime = new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero) } };

    private byte[] _jpeg = [];

    [GlobalSetup]
    public void Setup()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus", File);
            if (System.IO.File.Exists(candidate))
            {
                _jpeg = System.IO.File.ReadAllBytes(candidate);
                return;
            }
        }

        throw new InvalidOperationException($"../shared/corpus/{File} is missing: this benchmark reads the shared corpus");
    }

    [Benchmark(Baseline = true)]
    public string? ReadStore() => Reader.FromStream(new MemoryStream(_jpeg, writable: false)).ActiveManifestLabel;

    [Benchmark]
    public async Task<ValidationState?> ReadAndValidate() =>
        (await Reader.ReadAsync(new MemoryStream(_jpeg, writable: false), Validate)).Validation?.State;
}
