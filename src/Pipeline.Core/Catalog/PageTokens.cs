using System.Buffers.Text;
using System.Text;
using Pipeline.Core.Errors;

namespace Pipeline.Core.Catalog;

/// <summary>Page tokens: where the previous page ended, opaque to clients (base64url), checked when read back.</summary>
internal static class PageTokens
{
    private const string Mark = "p1:";

    public static string Write(string position) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Mark + position));

    public static string? Read(string? token) =>
        Read(token, $"Invalid page_token '{token}': pass the next_page_token of the previous page unchanged.");

    /// <summary>The position <paramref name="token"/> carries, or null for none; <paramref name="invalid"/> says why a bad one is refused.</summary>
    public static string? Read(string? token, string invalid)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (text.StartsWith(Mark, StringComparison.Ordinal))
            {
                return text[Mark.Length..];
            }
        }
        catch (FormatException)
        {
            // Said below.
        }

        throw new InvalidRequestException(invalid);
    }
}
