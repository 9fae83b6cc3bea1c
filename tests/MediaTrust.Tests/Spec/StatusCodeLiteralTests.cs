using System.Reflection;
using MediaTrust.Testing;

namespace MediaTrust.Spec;

/// <summary>
/// Status codes are written as <see cref="ValidationStatusCodes"/> constants, never as string literals, so
/// that a misspelt code (which <see cref="ValidationStatusCodes.KindOf"/> would treat as a failure) cannot
/// creep in. Only the catalogue in <c>src/MediaTrust/Spec/</c> spells the codes out.
/// </summary>
public sealed class StatusCodeLiteralTests
{
    [Fact]
    public void No_source_file_outside_spec_spells_out_a_status_code()
    {
        var codes = typeof(ValidationStatusCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToHashSet(StringComparer.Ordinal);
        var src = SourceTree.Src;
        var spec = Path.Combine(src, "MediaTrust", "Spec") + Path.DirectorySeparatorChar;
        var offenders = new List<string>();
        foreach (var file in SourceTree.CSharpFiles())
        {
            if (file.StartsWith(spec, StringComparison.Ordinal))
            {
                continue;
            }

            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal))
                {
                    continue;
                }

                // A code in quotes anywhere on the line: a literal, or a piece of an interpolated or
                // raw string, which a tokenizing regex would misalign after the first `$"…"`.
                var line = lines[i];
                offenders.AddRange(codes
                    .Where(code => line.Contains('"' + code + '"', StringComparison.Ordinal))
                    .Select(code => $"{Path.GetRelativePath(src, file)}:{i + 1}: \"{code}\""));
            }
        }

        Assert.True(offenders.Count == 0, "use ValidationStatusCodes constants instead of:\n" + string.Join('\n', offenders));
    }
}
