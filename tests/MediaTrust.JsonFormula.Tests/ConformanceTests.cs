using System.Text;
using MediaTrust.Testing;

namespace MediaTrust.JsonFormula;

/// <summary>The published json-formula conformance suites, one theory case per test case.</summary>
[Trait("Category", "Corpus")]
public sealed class ConformanceTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        var folder = ConformanceSuite.Folder;
        if (folder is null)
        {
            data.Add("(corpus missing)");
            return data;
        }
        foreach (var c in ConformanceSuite.Load(folder)) data.Add($"{c.File}#{c.Suite}.{c.Index}");
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_conformance_case_gives_the_expected_result(string id)
    {
        var folder = Path.GetDirectoryName(SharedFolder.RequireCorpusFile("json-formula/basic.json"))!;
        var hash = id.IndexOf('#', StringComparison.Ordinal);
        var dot = id.LastIndexOf('.');
        var file = id[..hash];
        var suite = int.Parse(id[(hash + 1)..dot], System.Globalization.CultureInfo.InvariantCulture);
        var index = int.Parse(id[(dot + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var c = ConformanceSuite.Load(folder, file).Single(x => x.Suite == suite && x.Index == index);
        if (c.Test["fieldsOnly"]?.GetValue<bool>() == true)
        {
            Assert.Skip("fieldsOnly: needs host class objects with hidden properties, which JSON nodes do not have");
        }
        if (KnownFailures.Reasons.TryGetValue(id, out var reason))
        {
            Assert.Skip($"known difference: {reason}");
        }
        var failure = ConformanceSuite.Run(c);
        Assert.True(failure is null, $"{c}: {failure}");
    }

    /// <summary>At least 99% of the applicable cases pass; the rest are listed in KnownFailures and docs/json-formula.md.</summary>
    [Fact]
    public void At_least_99_percent_pass()
    {
        var folder = Path.GetDirectoryName(SharedFolder.RequireCorpusFile("json-formula/basic.json"))!;
        int total = 0, passed = 0, fieldsOnly = 0;
        var failures = new StringBuilder();
        foreach (var c in ConformanceSuite.Load(folder))
        {
            if (c.Test["fieldsOnly"]?.GetValue<bool>() == true) { fieldsOnly++; continue; }
            total++;
            var failure = ConformanceSuite.Run(c);
            if (failure is null) passed++;
            else failures.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{c.File}#{c.Suite}.{c.Index} {c.Expression} => {failure}");
        }
        TestContext.Current.SendDiagnosticMessage($"json-formula conformance: {passed}/{total} pass, {fieldsOnly} fieldsOnly cases not applicable");
        Assert.True(passed * 100L >= total * 99L, $"{passed}/{total} passed:\n{failures}");
        Assert.True(total > 1700, $"only {total} cases found");
    }
}
