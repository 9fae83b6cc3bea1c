using System.Text.Json.Nodes;
using MediaTrust.Manifests;
using MediaTrust.Validation;

namespace MediaTrust.Json;

/// <summary>
/// What the JSON views show: the store, its validation report when it was validated, and per manifest (in store
/// order) what the facade decoded for its public views. Built by the facade for each rendering; the views never see it.
/// </summary>
internal sealed record StoreView(ManifestStore Store, ValidationReport? Validation, IReadOnlyList<ManifestView> Manifests);

/// <summary>One manifest as the facade decoded it.</summary>
/// <param name="Label">The manifest label.</param>
/// <param name="ReaderJson">Its object in c2pa-rs's Reader JSON <c>manifests</c> map.</param>
/// <param name="SignatureInfo">Its <c>signature_info</c> object, when the signature could be read.</param>
/// <param name="Ingredients">Its ingredient assertions that name a manifest of the store.</param>
internal sealed record ManifestView(string Label, JsonObject ReaderJson, JsonObject? SignatureInfo, IReadOnlyList<IngredientTarget> Ingredients);

/// <summary>An ingredient assertion (by label) and the label of the manifest it names.</summary>
internal readonly record struct IngredientTarget(string AssertionLabel, string ActiveManifest);
