namespace MediaTrust.Cli.Commands;

public sealed class FormulaCommandTests
{
    private static (int Code, string Out, string Err) Run(string expression, string? data = null, string? stdin = null, params string[] globals)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = FormulaCommand.Run(expression, data, globals, new StringReader(stdin ?? ""), output, error);
        return (code, output.ToString().Trim(), error.ToString().Trim());
    }

    [Fact]
    public void Evaluates_against_standard_input()
    {
        var (code, output, _) = Run("items[?price > 2].name", "-", """{"items":[{"name":"a","price":3},{"name":"b","price":1}]}""");
        Assert.Equal(0, code);
        Assert.Equal("[\n  \"a\"\n]", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Evaluates_against_a_file_with_globals()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """{"n": 2}""");
            var (code, output, _) = Run("n * $factor", path, null, "$factor=21");
            Assert.Equal(0, code);
            Assert.Equal("42", output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Errors_go_to_standard_error_with_their_kind()
    {
        var (code, output, error) = Run("foo..bar");
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.StartsWith("SyntaxError:", error, StringComparison.Ordinal);
        (code, _, error) = Run("nosuch()");
        Assert.Equal(1, code);
        Assert.StartsWith("FunctionError:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_data_is_an_input_error()
    {
        var (code, _, error) = Run("@", "-", "{not json");
        Assert.Equal(1, code);
        Assert.StartsWith("InputError:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Is_registered_as_mediatrust_formula()
    {
        var (code, output, _) = await CliRunner.RunAsync("formula", "sum([1, 2, 3]) & \"!\"");

        Assert.Equal(0, code);
        Assert.Equal("\"6!\"", output.Trim());
    }
}
