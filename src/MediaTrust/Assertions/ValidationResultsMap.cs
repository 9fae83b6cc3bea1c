using System.Formats.Cbor;

namespace MediaTrust.Assertions;

/// <summary>
/// The CDDL <c>validation-results-map</c> (spec 2.2 §15.2.1) a v3 ingredient assertion records (§18.15.4): the status
/// codes of the ingredient's active manifest and the deltas of its own ingredients. Written, not read: what an
/// ingredient recorded is shown as decoded (<see cref="IngredientAssertion.ValidationResults"/>), never trusted.
/// </summary>
/// <param name="ActiveManifest">The codes of the ingredient's active manifest.</param>
/// <param name="IngredientDeltas">Per ingredient assertion URI, the codes of its manifest.</param>
internal sealed record ValidationResultsMap(ValidationResultsMap.Codes ActiveManifest, IReadOnlyList<(string IngredientAssertionUri, ValidationResultsMap.Codes ValidationDeltas)> IngredientDeltas)
{
    /// <summary>Writes the map (the caller's writer decides the encoding; ingredients use core deterministic encoding, §10.1).</summary>
    public void Write(CborWriter writer)
    {
        writer.WriteStartMap(IngredientDeltas.Count > 0 ? 2 : 1);
        writer.WriteTextString("activeManifest");
        ActiveManifest.Write(writer);
        if (IngredientDeltas.Count > 0)
        {
            writer.WriteTextString("ingredientDeltas");
            writer.WriteStartArray(IngredientDeltas.Count);
            foreach (var (uri, deltas) in IngredientDeltas)
            {
                writer.WriteStartMap(2);
                writer.WriteTextString("ingredientAssertionURI");
                writer.WriteTextString(uri);
                writer.WriteTextString("validationDeltas");
                deltas.Write(writer);
                writer.WriteEndMap();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndMap();
    }

    /// <summary>A <c>status-codes-map</c>: success, informational and failure entries.</summary>
    internal sealed record Codes(IReadOnlyList<Entry> Success, IReadOnlyList<Entry> Informational, IReadOnlyList<Entry> Failure)
    {
        /// <summary>Writes the three arrays, each entry a <c>status-map</c> (code, url when known, explanation).</summary>
        public void Write(CborWriter writer)
        {
            writer.WriteStartMap(3);
            writer.WriteTextString("success");
            WriteEntries(writer, Success);
            writer.WriteTextString("informational");
            WriteEntries(writer, Informational);
            writer.WriteTextString("failure");
            WriteEntries(writer, Failure);
            writer.WriteEndMap();
        }

        private static void WriteEntries(CborWriter writer, IReadOnlyList<Entry> entries)
        {
            writer.WriteStartArray(entries.Count);
            foreach (var entry in entries)
            {
                writer.WriteStartMap(entry.Url is null ? 2 : 3);
                writer.WriteTextString("code");
                writer.WriteTextString(entry.Code);
                if (entry.Url is not null)
                {
                    writer.WriteTextString("url");
                    writer.WriteTextString(entry.Url);
                }

                writer.WriteTextString("explanation");
                writer.WriteTextString(entry.Explanation);
                writer.WriteEndMap();
            }

            writer.WriteEndArray();
        }
    }

    /// <summary>One <c>status-map</c>: a status code (§15.2.2), the JUMBF URI it is about, and why.</summary>
    internal readonly record struct Entry(string Code, string? Url, string Explanation);
}
