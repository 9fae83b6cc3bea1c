using System.Diagnostics;
using SharpFuzz;

namespace MediaTrust.Fuzz;

/// <summary>
/// The fuzzing harness (docs/robustness.md, "Fuzzing"). Commands:
/// <list type="bullet">
/// <item><c>list</c>: every target and the entry point it calls.</item>
/// <item><c>run TARGET</c>: the afl-fuzz persistent-mode server for one target (SharpFuzz; started by tools/fuzz.sh).</item>
/// <item><c>replay TARGET PATH...</c>: runs inputs (files or folders) through a target without afl-fuzz; exit 1 on a finding.</item>
/// <item><c>smoke SEEDS [--seconds-per-target S] [--extra FOLDER]...</c>: every target over its seeds, the extra folders'
/// inputs and seconds of random mutations of them; exit 1 on a finding (the CI smoke run).</item>
/// <item><c>seeds OUTPUT PATH...</c>: gathers seeds per target from files and folders.</item>
/// </list>
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            return Usage();
        }

        switch (args[0])
        {
            case "list":
                foreach (var target in Targets.All)
                {
                    Console.WriteLine($"{target.Name,-30} {target.Entry}");
                }

                return 0;
            case "run" when args.Length == 2:
                // OutOfProcess: a hang or a stack overflow kills only the child, which SharpFuzz restarts, and afl-fuzz
                // records the input instead of losing the fork server. Inputs still run in a loop (persistent mode).
                // The target is looked up inside the loop: instrumented code (the library's static initialisers that
                // Targets runs) must not run before SharpFuzz has mapped afl-fuzz's coverage memory.
                Target? selected = null;
                Fuzzer.OutOfProcess.Run(stream =>
                {
                    selected ??= Targets.Find(args[1]) ?? throw new ArgumentException($"no target {args[1]}");
                    Harness.Execute(selected, Harness.ReadInput(stream));
                });
                return 0;
            case "replay" when args.Length >= 3 && Targets.Find(args[1]) is { } target:
                return Smoke.Replay(target, Smoke.Inputs(args.Skip(2))) == 0 ? 0 : 1;
            case "smoke" when args.Length >= 2:
                return Smoke.Run(args[1], args.Skip(2).ToArray());
            case "seeds" when args.Length >= 3:
                var stopwatch = Stopwatch.StartNew();
                var count = Seeds.Gather(args[1], args.Skip(2));
                Console.WriteLine($"{count} seeds in {stopwatch.Elapsed.TotalSeconds:F1} s");
                return 0;
            default:
                return Usage();
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: MediaTrust.Fuzz list | run TARGET | replay TARGET PATH... | smoke SEEDS [--seconds-per-target S] [--extra FOLDER]... | seeds OUTPUT PATH...");
        Console.Error.WriteLine("targets: " + string.Join(' ', Targets.All.Select(t => t.Name)));
        return 2;
    }
}
