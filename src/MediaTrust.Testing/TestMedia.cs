using System.Text;

namespace MediaTrust.Testing;

/// <summary>Generated media for tests and benchmarks: large files built on the fly instead of checked in.</summary>
internal static class TestMedia
{
    /// <summary>
    /// Writes a PCM WAV file (RIFF <c>WAVE</c>, 48 kHz stereo 16-bit) whose <c>data</c> chunk holds
    /// <paramref name="dataBytes"/> bytes of seeded noise, in 1 MiB blocks so a file of gigabytes needs no more memory.
    /// </summary>
    public static void WriteWav(Stream output, long dataBytes, int seed)
    {
        using (var header = new BinaryWriter(output, Encoding.ASCII, leaveOpen: true))
        {
            header.Write("RIFF"u8);
            header.Write((uint)(4 + 8 + 16 + 8 + dataBytes));
            header.Write("WAVEfmt "u8);
            header.Write(16u);
            header.Write((ushort)1); // PCM
            header.Write((ushort)2);
            header.Write(48_000u);
            header.Write(48_000u * 4);
            header.Write((ushort)4);
            header.Write((ushort)16);
            header.Write("data"u8);
            header.Write((uint)dataBytes);
        }

        var random = new Random(seed);
        var block = new byte[1 << 20];
        for (long written = 0; written < dataBytes; written += block.Length)
        {
            random.NextBytes(block);
            output.Write(block, 0, (int)Math.Min(block.Length, dataBytes - written));
        }
    }
}
