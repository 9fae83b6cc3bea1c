using System.Diagnostics;
using System.Globalization;

namespace MediaTrust.Fuzz;

/// <summary>
/// Runs targets without afl-fuzz: over given inputs (replay), and in the CI smoke over each target's seeds, the
/// committed regression inputs and a few seconds of blind mutations of them, so that no harness can rot unseen.
/// </summary>
internal static class Smoke
{
    public static int Run(string seedRoot, string[] options)
    {
        var secondsPerTarget = 2.0;
        var extra = new List<string>();
        HashSet<string>? only = null;
        for (var i = 0; i < options.Length; i++)
        {
            switch (options[i])
            {
                case "--seconds-per-target" when i + 1 < options.Length:
                    secondsPerTarget = double.Parse(options[++i], CultureInfo.InvariantCulture);
                    break;
                case "--extra" when i + 1 < options.Length:
                    extra.Add(options[++i]);
                    break;
                case "--only" when i + 1 < options.Length:
                    // tools/fuzz.sh TARGET[,TARGET...] --smoke: the smoke of those targets alone.
                    only = [.. options[++i].Split(',', StringSplitOptions.RemoveEmptyEntries)];
                    if (only.FirstOrDefault(name => Targets.Find(name) is null) is { } unknown)
                    {
                        Console.Error.WriteLine($"no target {unknown}");
                        return 2;
                    }

                    break;
                default:
                    Console.Error.WriteLine($"unknown smoke option {options[i]}");
                    return 2;
            }
        }

        const int MaxMutations = 100;
        var total = Stopwatch.StartNew();
        var findings = 0;
        var selected = Targets.All.Where(t => only is null || only.Contains(t.Name)).ToList();
        foreach (var target in selected)
        {
            var folders = new[] { seedRoot }.Concat(extra).Select(root => Path.Combine(root, target.Name));
            var inputs = Inputs(folders.Where(Directory.Exists)).ToList();
            if (inputs.Count == 0)
            {
                inputs.Add(("(empty)", []));
            }

            var watch = Stopwatch.StartNew();
            var found = Replay(target, inputs);
            var random = new Random(target.Name.Length * 7919); // fixed: a CI finding reproduces
            var executions = inputs.Count;
            var budget = TimeSpan.FromSeconds(secondsPerTarget);
            // At most MaxMutations, so a faster machine explores no further into the fixed sequence than a slower
            // one did: the smoke run is a check that harnesses work, not a campaign, and must give the same
            // answer on every CI machine.
            while (found == 0 && executions - inputs.Count < MaxMutations && watch.Elapsed < budget)
            {
                var (name, seed) = inputs[random.Next(inputs.Count)];
                var mutated = Mutate(seed, random);
                found += Replay(target, [($"{name} mutated", mutated)], save: Path.Combine(seedRoot, "..", "smoke-findings", target.Name));
                executions++;
            }

            findings += found;
            Console.WriteLine($"smoke {target.Name,-30} {executions,7} execs {watch.Elapsed.TotalSeconds,5:F1} s {(found == 0 ? "ok" : $"{found} FINDING(S)")}");
        }

        Console.WriteLine($"smoke: {selected.Count} targets, {findings} findings, {total.Elapsed.TotalSeconds:F0} s");
        return findings == 0 ? 0 : 1;
    }

    /// <summary>Every file under the given files and folders, named by path.</summary>
    public static IEnumerable<(string Name, byte[] Bytes)> Inputs(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            var files = Directory.Exists(path)
                ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.') && !f.EndsWith(".md", StringComparison.Ordinal))
                : [path];
            foreach (var file in files.Order(StringComparer.Ordinal))
            {
                yield return (file, File.ReadAllBytes(file));
            }
        }
    }

    /// <summary>Runs each input; prints and counts findings, saving the inputs to <paramref name="save"/> when given.</summary>
    public static int Replay(Target target, IEnumerable<(string Name, byte[] Bytes)> inputs, string? save = null)
    {
        var findings = 0;
        foreach (var (name, bytes) in inputs)
        {
            try
            {
                Harness.Execute(target, bytes);
            }
            catch (Exception e)
            {
                findings++;
                Console.WriteLine($"FINDING {target.Name} {name} ({bytes.Length} bytes): {e.GetType().FullName}: {e.Message}\n{e.StackTrace}");
                if (save is not null)
                {
                    Directory.CreateDirectory(save);
                    var file = Path.Combine(save, $"finding-{findings}-{bytes.Length}");
                    File.WriteAllBytes(file, bytes);
                    Console.WriteLine($"  input saved to {Path.GetFullPath(file)}");
                }
            }
        }

        return findings;
    }

    /// <summary>One to four blind edits of the kinds afl-fuzz's havoc stage makes: flips, interesting values, cuts, copies.</summary>
    private static byte[] Mutate(byte[] seed, Random random)
    {
        var data = new List<byte>(seed);
        var edits = random.Next(1, 5);
        for (var i = 0; i < edits; i++)
        {
            var at = data.Count == 0 ? 0 : random.Next(data.Count);
            switch (random.Next(6))
            {
                case 0 when data.Count > 0:
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when data.Count > 0:
                    data[at] = (byte)random.Next(256);
                    break;
                case 2 when data.Count > 0:
                    // an interesting length byte: 0, 0x7F, 0x80, 0xFF
                    data[at] = (byte)(random.Next(4) switch { 0 => 0x00, 1 => 0x7F, 2 => 0x80, _ => 0xFF });
                    break;
                case 3 when data.Count > 1:
                    data.RemoveRange(at, random.Next(1, Math.Min(64, data.Count - at) + 1));
                    break;
                case 4 when data.Count > 0:
                    var from = random.Next(data.Count);
                    var length = random.Next(1, Math.Min(64, data.Count - from) + 1);
                    data.InsertRange(at, data.GetRange(from, length));
                    break;
                default:
                    data.Insert(at, (byte)random.Next(256));
                    break;
            }
        }

        return [.. data];
    }
}
