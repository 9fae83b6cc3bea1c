using BenchmarkDotNet.Attributes;
using MediaTrust.Validation;

namespace MediaTrust.Benchmarks;

/// <summary>
/// Reading, and reading plus validating, a real 2.8 MB JPEG from the shared corpus
/// (c2pa-rs/cli/tests/fixtures/verify.jpeg: one manifest, an RFC 3161 time-stamp, a data hash over the
/// whole file), the same file `oracle --bench` times c2pa-rs on. The file is loaded into memory once, so
/// both sides are measured without disk I/O.
/// </summary>
[MemoryDiagnoser]
public class CorpusReadBenchmarks
{
    private const string File = "c2pa-rs/cli/tests/fixtures/verify.jpeg";

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
    public async Task<string?> ReadStore() => (await Reader.ReadAsync(new MemoryStream(_jpeg, writable: false), ReaderOptions.StoreOnly)).ActiveManifestLabel;

    [Benchmark]
    public async Task<ValidationState?> ReadAndValidate() =>
        (await Reader.ReadAsync(new MemoryStream(_jpeg, writable: false), Validate)).Validation?.State;
}
