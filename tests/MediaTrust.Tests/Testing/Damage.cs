using MediaTrust.IO;

namespace MediaTrust.Testing;

/// <summary>Seeded damage for the tests that prove bad input gives a result or a documented error, never a crash.</summary>
internal static class Damage
{
    /// <summary>The same seed in every run (string hash codes are randomised per process).</summary>
    public static int StableSeed(string name, int seed)
    {
        var hash = 17;
        foreach (var c in name)
        {
            hash = unchecked((hash * 31) + c);
        }

        return unchecked((hash * 31) + seed);
    }

    /// <summary>
    /// One seeded damage to <paramref name="file"/> and a description of it: one byte or several flipped, a
    /// 32-bit size field set to 0 or all ones, truncation, a slice cut out, random bytes inserted. Three in
    /// four land inside <paramref name="target"/> (where the parsers under test work hardest), when given.
    /// </summary>
    public static (byte[] Damaged, string What) Apply(byte[] file, ByteRange? target, Random random)
    {
        var store = target ?? new ByteRange(0, file.Length);
        var inStore = random.Next(4) > 0 && store.Length > 8;
        int At(int tail) => inStore
            ? (int)store.Start + random.Next((int)Math.Max(1, store.Length - tail))
            : random.Next(Math.Max(1, file.Length - tail));

        var damaged = (byte[])file.Clone();
        switch (random.Next(6))
        {
            case 0:
            {
                var at = At(1);
                damaged[at] ^= (byte)random.Next(1, 256);
                return (damaged, $"byte {at} flipped");
            }

            case 1:
            {
                var at = At(4);
                var value = random.Next(2) == 0 ? (byte)0x00 : (byte)0xFF;
                damaged.AsSpan(at, Math.Min(4, damaged.Length - at)).Fill(value);
                return (damaged, $"4 bytes at {at} set to 0x{value:X2}");
            }

            case 2:
            {
                var length = At(0);
                return (file[..length], $"truncated to {length} bytes");
            }

            case 3:
            {
                var at = At(1);
                var length = Math.Min(1 + random.Next(64), file.Length - at);
                return ([.. file.AsSpan(0, at), .. file.AsSpan(at + length)], $"{length} bytes cut at {at}");
            }

            case 4:
            {
                var at = At(0);
                var inserted = new byte[1 + random.Next(64)];
                random.NextBytes(inserted);
                return ([.. file.AsSpan(0, at), .. inserted, .. file.AsSpan(at)], $"{inserted.Length} random bytes inserted at {at}");
            }

            default:
            {
                // Several flips at once, as a damaged transfer might leave.
                var flips = 2 + random.Next(8);
                for (var i = 0; i < flips; i++)
                {
                    damaged[At(1)] ^= (byte)random.Next(1, 256);
                }

                return (damaged, $"{flips} bytes flipped");
            }
        }
    }
}
