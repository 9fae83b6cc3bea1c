using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using MediaTrust.JsonFormula;

namespace MediaTrust.Benchmarks;

/// <summary>json-formula: compiling, and evaluating typical JPEG Trust profile expressions over a ~100 KB indicator document.</summary>
[MemoryDiagnoser]
public class JsonFormulaBenchmarks
{
    private const string ProfileExpression = "contains(deepScan(manifests[0].validationResults, \"code\"), \"assertion.dataHash.match\")";
    private readonly JsonFormulaEngine _engine = new();
    private JsonNode? _document;
    private CompiledFormula _profile = null!;
    private CompiledFormula _simplePath = null!;
    private CompiledFormula _filter = null!;

    [GlobalSetup]
    public void Setup()
    {
        _document = GenerateIndicators(targetBytes: 100_000);
        _profile = _engine.Compile(ProfileExpression);
        _simplePath = _engine.Compile("manifests[0].claim.'dc:title'");
        _filter = _engine.Compile("length(manifests[0].assertions[?label == 'c2pa.actions'].data.actions[])");
    }

    [Benchmark]
    public CompiledFormula Compile() => _engine.Compile(ProfileExpression);

    [Benchmark]
    public JsonNode? SimplePath() => _simplePath.Evaluate(_document);

    [Benchmark]
    public JsonNode? DeepScanProfile() => _profile.Evaluate(_document);

    [Benchmark]
    public JsonNode? FilterProjection() => _filter.Evaluate(_document);

    /// <summary>A crJSON-like indicator set: manifests with assertions, actions and validation results.</summary>
    internal static JsonNode GenerateIndicators(int targetBytes)
    {
        var manifests = new JsonArray();
        var root = new JsonObject { ["manifests"] = manifests };
        var m = 0;
        while (root.ToJsonString().Length < targetBytes)
        {
            var assertions = new JsonArray();
            for (var a = 0; a < 10; a++)
            {
                var actions = new JsonArray();
                for (var k = 0; k < 5; k++) actions.Add(new JsonObject { ["action"] = "c2pa.edited", ["softwareAgent"] = $"Tool {k}", ["when"] = "2025-01-01T00:00:00Z" });
                assertions.Add(new JsonObject { ["label"] = a % 2 == 0 ? "c2pa.actions" : "c2pa.hash.data", ["data"] = new JsonObject { ["actions"] = actions } });
            }
            var success = new JsonArray();
            for (var s = 0; s < 8; s++) success.Add(new JsonObject { ["code"] = s == 7 ? "assertion.dataHash.match" : $"claimSignature.validated.{s}", ["url"] = $"self#jumbf=c2pa/m{m}/a{s}" });
            manifests.Add(new JsonObject
            {
                ["label"] = $"urn:c2pa:{m}",
                ["claim"] = new JsonObject { ["dc:title"] = $"image {m}.jpg", ["claim_generator"] = "bench" },
                ["assertions"] = assertions,
                ["validationResults"] = new JsonObject { ["activeManifest"] = new JsonObject { ["success"] = success, ["failure"] = new JsonArray() } },
            });
            m++;
        }
        return JsonNode.Parse(root.ToJsonString())!;
    }
}
