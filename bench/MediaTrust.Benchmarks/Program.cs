using BenchmarkDotNet.Running;

namespace MediaTrust.Benchmarks;

/// <summary>Runs the benchmarks chosen on the command line: <c>dotnet run -c Release --project bench/MediaTrust.Benchmarks -- --filter '*Jpeg*'</c>.</summary>
internal static class Program
{
    public static void Main(string[] args)
    {
        if (!VerifyHarness.TryRun(args))
        {
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        }
    }
}
