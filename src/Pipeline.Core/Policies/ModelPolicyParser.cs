using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Core.Policies;

/// <summary>
/// Reads and validates a model policy document (JSON, camelCase), and writes one back. Validation
/// reports every invalid field at once, so the author fixes a policy in one round: the fields are read
/// by a <see cref="JsonFieldReader"/>, which collects errors instead of stopping, under the rules of
/// <see cref="ModelPolicyRules"/>.
/// </summary>
public static class ModelPolicyParser
{
    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    // Duplicate members are refused: "last one wins" would let a policy say two things about one field.
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowDuplicateProperties = false,
        MaxDepth = 16,
    };

    /// <summary>Parses and validates <paramref name="json"/>.</summary>
    /// <exception cref="PolicyValidationException">The document is malformed or has invalid fields; every one is listed.</exception>
    public static ModelPolicy Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException exception)
        {
            throw new PolicyValidationException([new PolicyError("$", $"The policy is not valid JSON: {exception.Message}")]);
        }

        using (document)
        {
            var reader = new JsonFieldReader();
            var policy = ModelPolicyRules.Read(reader, document.RootElement);
            if (reader.Errors.Count > 0 || policy is null)
            {
                throw new PolicyValidationException(reader.Errors);
            }

            return policy;
        }
    }

    /// <summary>Writes <paramref name="policy"/> as a policy document that <see cref="Parse"/> reads back to an equal policy.</summary>
    public static string Serialize(ModelPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return JsonSerializer.Serialize(policy, SerializerOptions);
    }
}
