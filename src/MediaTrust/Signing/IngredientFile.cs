using System.Text.Json.Serialization;
using MediaTrust.Assertions;

namespace MediaTrust.Signing;

/// <summary>An ingredient taken from a file: the asset this one was made from or with.</summary>
public sealed record IngredientFile
{
    /// <summary>Path of the ingredient asset; relative paths in a definition are relative to the definition's folder.</summary>
    [JsonPropertyName("file_path")]
    public required string Path { get; init; }

    /// <summary><c>parentOf</c>, <c>componentOf</c> or <c>inputTo</c> (spec 2.2 §18.15.3); <c>componentOf</c> by default.</summary>
    [JsonPropertyName("relationship")]
    // Absent means componentOf: the source-generated reader passes null for a missing init-only member (see ManifestDefinition).
    public string Relationship { get; init => field = value ?? ComponentOf; } = ComponentOf;

    /// <summary>The ingredient's <c>dc:title</c>; its file name when absent.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; init; }

    /// <summary>The relationship of the asset the new asset was derived from; at most one per manifest.</summary>
    public const string ParentOf = IngredientAssertion.ParentOf;

    /// <summary>The relationship of an asset placed into the new asset.</summary>
    public const string ComponentOf = IngredientAssertion.ComponentOf;

    /// <summary>The relationship of an input (e.g. a prompt or a model) to the process that made the asset.</summary>
    public const string InputTo = IngredientAssertion.InputTo;
}
