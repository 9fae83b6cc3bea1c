using System.Reflection;
using System.Text.RegularExpressions;
using MediaTrust.Spec;
using MediaTrust.Testing;
using MediaTrust.Validation;

namespace MediaTrust.Spec;

public sealed partial class ValidationStatusCodesTests
{
    [Fact]
    public void Every_constant_is_in_the_catalogue_and_vice_versa()
    {
        var constants = typeof(ValidationStatusCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.Equal(constants.Count, constants.Distinct().Count());
        Assert.Equal(constants.Order(), ValidationStatusCodes.All.Select(i => i.Code).Order());
        Assert.All(ValidationStatusCodes.All, i =>
        {
            Assert.False(string.IsNullOrWhiteSpace(i.SpecMeaning));
            Assert.False(string.IsNullOrWhiteSpace(i.Explanation));
        });
    }

    [Theory]
    [InlineData("claimSignature.validated", ValidationStatusKind.Success)]
    [InlineData("signingCredential.ocsp.notRevoked", ValidationStatusKind.Success)]
    [InlineData("timeStamp.untrusted", ValidationStatusKind.Informational)]
    [InlineData("timeStamp.mismatch", ValidationStatusKind.Informational)]
    [InlineData("signingCredential.ocsp.skipped", ValidationStatusKind.Informational)]
    [InlineData("timeOfSigning.outsideValidity", ValidationStatusKind.Informational)]
    [InlineData("signingCredential.ocsp.unknown", ValidationStatusKind.Failure)] // informational in c2pa-rs
    [InlineData("claimSignature.outsideValidity", ValidationStatusKind.Failure)]
    [InlineData("signingCredential.untrusted", ValidationStatusKind.Failure)]
    [InlineData("assertion.metadata.disallowed", ValidationStatusKind.Failure)]
    [InlineData("signingCredential.expired", ValidationStatusKind.Failure)]
    public void Kinds_follow_the_spec_tables(string code, ValidationStatusKind kind) =>
        Assert.Equal(kind, ValidationStatusCodes.Lookup(code)!.Kind);

    [Fact]
    public void Unknown_codes_read_as_failures()
    {
        Assert.Null(ValidationStatusCodes.Lookup("com.example.something"));
        Assert.Equal(ValidationStatusKind.Failure, ValidationStatusCodes.KindOf("com.example.something"));
        Assert.False(ValidationStatusCodes.Lookup("signingCredential.expired")!.InSpec);
        Assert.True(ValidationStatusCodes.Lookup("timeStamp.trusted")!.InSpec);
    }

    [Fact]
    public void The_catalogue_matches_the_notes_table_code_for_code_and_kind_for_kind()
    {
        var notes = Path.Combine(SharedFolder.Path ?? "/nonexistent", "notes", "c2pa-reference.md");
        if (!File.Exists(notes))
        {
            Assert.Skip("../shared/notes/c2pa-reference.md is missing: this test checks the catalogue against the notes' §1.12 table.");
        }

        var text = File.ReadAllText(notes);
        var start = text.IndexOf("### 1.12 Validation status codes", StringComparison.Ordinal);
        var end = text.IndexOf("**Codes c2pa-rs has that 2.2 does not:**", start, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "the §1.12 section of the notes moved");

        var expected = new Dictionary<string, ValidationStatusKind>(StringComparer.Ordinal);
        ValidationStatusKind? section = null;
        foreach (var line in text[start..end].Split('\n'))
        {
            section = line.Trim() switch
            {
                "**Success**" => ValidationStatusKind.Success,
                "**Informational**" => ValidationStatusKind.Informational,
                "**Failure**" => ValidationStatusKind.Failure,
                _ => section,
            };
            if (section is null || !line.StartsWith("| `", StringComparison.Ordinal))
            {
                continue;
            }

            // The first cell: `a.b.c` or `a.b.c` / `.d` / `.e` (siblings sharing a prefix).
            var cell = line.Split('|')[1];
            var codes = CodeInBackticks().Matches(cell).Select(m => m.Groups[1].Value).ToList();
            var first = codes[0];
            expected[first] = section.Value;
            foreach (var suffix in codes.Skip(1))
            {
                expected[suffix.StartsWith('.') ? first[..first.LastIndexOf('.')] + suffix : suffix] = section.Value;
            }
        }

        Assert.True(expected.Count > 80, $"only {expected.Count} codes parsed from the notes");
        foreach (var (code, kind) in expected)
        {
            var info = ValidationStatusCodes.Lookup(code);
            Assert.True(info is not null, $"{code} is missing from the catalogue");
            Assert.True(kind == info.Kind, $"{code}: the notes say {kind}, the catalogue {info.Kind}");
            Assert.True(info.InSpec, $"{code} is a spec code");
        }

        var specCodes = ValidationStatusCodes.All.Where(i => i.InSpec).Select(i => i.Code);
        Assert.Empty(specCodes.Except(expected.Keys));
    }

    [GeneratedRegex("`([A-Za-z.\\-]+)`")]
    private static partial Regex CodeInBackticks();
}
