using System.Text.Json.Serialization;

namespace PolicyLsp.Analysis.Evaluation;

/// <summary>Compile-time JSON metadata for the evaluation's label files (read leniently: any case, comments, trailing commas, numbers as strings).</summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(CorpusLabels))]
[JsonSerializable(typeof(ClauseSet))]
[JsonSerializable(typeof(ChangePairSet))]
internal sealed partial class EvaluationJsonContext : JsonSerializerContext;
