using System.Formats.Asn1;
using System.Formats.Cbor;
using System.Security.Cryptography;

namespace MediaTrust.Fuzz;

/// <summary>
/// One fuzzing target: a single call into one parser entry point. <see cref="Run"/> gets the whole input;
/// exceptions <see cref="IsDocumented"/> accepts are outcomes for bad input, anything else is a finding.
/// </summary>
/// <param name="Name">Selects the target on the command line (<c>tools/fuzz.sh NAME</c>).</param>
/// <param name="Entry">The entry point exercised, for <c>list</c> and docs/robustness.md.</param>
/// <param name="Run">The call; kept thin so a moved namespace is a one-line change.</param>
/// <param name="IsDocumented">The exceptions the entry point documents for bad input.</param>
/// <param name="BytesPerInputByte">
/// Allocation bound per input byte on top of <see cref="Harness.Baseline"/>: the parsers promise memory linear in
/// the input (docs/robustness.md), so a run past the bound is a finding even when nothing throws.
/// </param>
internal sealed record Target(string Name, string Entry, Action<byte[]> Run, Func<Exception, bool> IsDocumented, int BytesPerInputByte = 64);

/// <summary>Runs targets with the allocation guard, and holds the exception sets the entry points document.</summary>
internal static class Harness
{
    /// <summary>
    /// Fixed allowance per run whatever the input: first-run set-up (lazy statics, crypto providers, JSON metadata)
    /// and the runtime's own per-thread allocation contexts, which <see cref="GC.GetTotalAllocatedBytes"/> counts.
    /// </summary>
    public const long Baseline = 32L * 1024 * 1024;

    /// <summary>Inputs are cut here: afl-fuzz's own maximum file size is 1 MB.</summary>
    public const int MaxInputLength = 1 << 20;

    /// <summary>Reads the fuzzer's input (at most <see cref="MaxInputLength"/> bytes).</summary>
    public static byte[] ReadInput(Stream stream)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while (buffer.Length < MaxInputLength && (read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, MaxInputLength - buffer.Length))) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Runs <paramref name="target"/> on <paramref name="input"/>: a documented exception is swallowed, any other
    /// escapes (afl-fuzz records a crash), and allocating more than the bound throws <see cref="AllocationBoundExceededException"/>.
    /// </summary>
    public static void Execute(Target target, byte[] input)
    {
        // All threads: async entry points continue on the thread pool. Imprecise is enough at a 32 MiB allowance.
        var before = GC.GetTotalAllocatedBytes(precise: false);
        try
        {
            target.Run(input);
        }
        catch (Exception e) when (target.IsDocumented(e))
        {
            // the documented outcome for bad input
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: false) - before;
        var bound = Baseline + ((long)target.BytesPerInputByte * input.Length);
        if (allocated > bound)
        {
            throw new AllocationBoundExceededException(
                $"{target.Name}: {input.Length} input bytes allocated {allocated:N0} bytes, more than {target.BytesPerInputByte} × input + {Baseline:N0} = {bound:N0}");
        }
    }

    /// <summary>The library's bad-input outcomes: <see cref="MalformedContentException"/> and <see cref="NoManifestException"/>.</summary>
    public static bool Malformed(Exception e) => e is MalformedContentException or NoManifestException;

    /// <summary>Asset entry points also document <see cref="NotSupportedException"/>: a format not recognised (Reader, signing).</summary>
    public static bool AssetErrors(Exception e) => Malformed(e) || e is NotSupportedException;

    /// <summary>
    /// DER/BER entry points built on System.Formats.Asn1 and X509CertificateLoader document these: TimeStampToken.Decode
    /// says it throws <see cref="AsnContentException"/>, and certificate loading reports <see cref="CryptographicException"/>.
    /// </summary>
    public static bool Asn1Errors(Exception e) => Malformed(e) || e is AsnContentException or CryptographicException;

    /// <summary>Raw CBOR readers (header maps, OCSP lists) report what System.Formats.Cbor throws.</summary>
    public static bool CborErrors(Exception e) => Malformed(e) || e is CborContentException;
}

/// <summary>A run allocated more than its bound: a finding, like a crash.</summary>
internal sealed class AllocationBoundExceededException : Exception
{
    public AllocationBoundExceededException(string message)
        : base(message)
    {
    }

    public AllocationBoundExceededException()
    {
    }

    public AllocationBoundExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
