using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Pipeline.Core.Errors;

namespace Pipeline.Core.Catalog;

/// <summary>
/// A search filter in the MLflow registry's language: clauses <c>key op value</c> joined by <c>AND</c>, for example
/// <c>name LIKE 'churn%' AND tag.`mlflow.prompt.is_prompt` != 'true'</c>. Keys are <c>name</c> and <c>tag.&lt;key&gt;</c>
/// (also <c>tags.</c>, with a backquoted key when it holds dots or spaces), and for versions <c>version_number</c>,
/// <c>run_id</c> and <c>source_path</c>; operators <c>=</c>, <c>!=</c>, <c>LIKE</c> and <c>ILIKE</c> (<c>%</c> any text,
/// <c>_</c> one character). A clause on a tag the record does not have holds only for <c>!=</c>.
/// </summary>
public sealed class CatalogFilter
{
    private static readonly string[] ModelKeys = ["name", "tag.<key>"];
    private static readonly string[] VersionKeys = ["name", "version_number", "run_id", "source_path", "tag.<key>"];

    private readonly IReadOnlyList<Clause> clauses;

    private CatalogFilter(IReadOnlyList<Clause> clauses) => this.clauses = clauses;

    /// <summary>The filter that holds for everything.</summary>
    public static CatalogFilter All { get; } = new([]);

    /// <summary>The one model name the filter asks for with <c>name = '…'</c>, when it does: the search is then one read.</summary>
    public string? ExactName => clauses.FirstOrDefault(c => c is { Key: "name", Operator: FilterOperator.Equal })?.Value;

    /// <summary>Parses a filter for registered models (<paramref name="forVersions"/> false) or model versions; empty means all.</summary>
    /// <exception cref="InvalidRequestException">The filter does not parse, or names a key the search does not know.</exception>
    public static CatalogFilter Parse(string? text, bool forVersions)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return All;
        }

        var reader = new FilterReader(text);
        var clauses = new List<Clause>();
        do
        {
            var key = reader.ReadKey();
            var known = key.StartsWith("tag.", StringComparison.Ordinal)
                || key is "name"
                || (forVersions && key is "version_number" or "run_id" or "source_path");
            if (!known)
            {
                throw reader.Error($"'{key}' is not a key this search knows; it knows {string.Join(", ", forVersions ? VersionKeys : ModelKeys)}");
            }

            var op = reader.ReadOperator();
            var value = reader.ReadValue(allowNumber: key == "version_number");
            clauses.Add(new Clause(key, op, value));
        }
        while (reader.ReadAnd());

        reader.ExpectEnd();
        return new CatalogFilter(clauses);
    }

    /// <summary>Whether a record holds for every clause; <paramref name="attribute"/> gives a key's value (a tag's as <c>tag.&lt;key&gt;</c>), null when it has none.</summary>
    public bool Matches(Func<string, string?> attribute)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        return clauses.All(c => c.Holds(attribute(c.Key)));
    }

    private enum FilterOperator
    {
        Equal,
        NotEqual,
        Like,
        ILike,
    }

    private sealed record Clause(string Key, FilterOperator Operator, string Value)
    {
        private readonly Regex? pattern = Operator is FilterOperator.Like or FilterOperator.ILike ? LikePattern(Value, Operator == FilterOperator.ILike) : null;

        public bool Holds(string? actual) => Operator switch
        {
            FilterOperator.Equal => actual == Value,
            FilterOperator.NotEqual => actual != Value,
            _ => actual is not null && pattern!.IsMatch(actual),
        };

        private static Regex LikePattern(string like, bool ignoreCase)
        {
            var pattern = new StringBuilder("^");
            foreach (var c in like)
            {
                pattern.Append(c switch
                {
                    '%' => ".*",
                    '_' => ".",
                    _ => Regex.Escape(c.ToString()),
                });
            }

            var options = RegexOptions.Singleline | RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
            return new Regex(pattern.Append('$').ToString(), options, TimeSpan.FromMilliseconds(100));
        }
    }

    // Reads the filter left to right; every error names where it went wrong.
    private sealed class FilterReader(string text)
    {
        private int position;

        public string ReadKey()
        {
            SkipSpace();
            var start = position;
            while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] == '_'))
            {
                position++;
            }

            var head = text[start..position].ToLowerInvariant();
            if (head.Length == 0)
            {
                throw Error("a key such as name or tag.<key> was expected");
            }

            if (position >= text.Length || text[position] != '.')
            {
                return head;
            }

            if (head is not ("tag" or "tags"))
            {
                throw Error($"'{head}.' is not a key prefix; tags are named tag.<key>");
            }

            position++;
            return "tag." + ReadTagKey();
        }

        public FilterOperator ReadOperator()
        {
            SkipSpace();
            if (Take("!=") || Take("<>"))
            {
                return FilterOperator.NotEqual;
            }

            if (Take("="))
            {
                return FilterOperator.Equal;
            }

            if (TakeWord("ILIKE"))
            {
                return FilterOperator.ILike;
            }

            return TakeWord("LIKE") ? FilterOperator.Like : throw Error("an operator (=, !=, LIKE, ILIKE) was expected");
        }

        public string ReadValue(bool allowNumber)
        {
            SkipSpace();
            if (position < text.Length && text[position] is '\'' or '"')
            {
                return ReadQuoted(text[position]);
            }

            var start = position;
            while (allowNumber && position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }

            return position > start
                ? int.Parse(text[start..position], NumberStyles.None, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)
                : throw Error("a quoted value such as 'churn' was expected");
        }

        public bool ReadAnd()
        {
            SkipSpace();
            return TakeWord("AND");
        }

        public void ExpectEnd()
        {
            SkipSpace();
            if (position < text.Length)
            {
                throw Error("AND or the end of the filter was expected");
            }
        }

        public InvalidRequestException Error(string what) =>
            new($"Invalid filter '{text}' at character {position + 1}: {what}.");

        private string ReadTagKey()
        {
            if (position < text.Length && text[position] is '`' or '"')
            {
                return ReadQuoted(text[position]);
            }

            var start = position;
            while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] is '_' or '.' or '-' or '/'))
            {
                position++;
            }

            return position > start ? text[start..position] : throw Error("a tag key was expected after 'tag.'");
        }

        private string ReadQuoted(char quote)
        {
            var start = ++position;
            var end = text.IndexOf(quote, start);
            if (end < 0)
            {
                position = start - 1;
                throw Error($"the value opened with {quote} is never closed");
            }

            position = end + 1;
            return text[start..end];
        }

        private bool Take(string symbol)
        {
            if (string.CompareOrdinal(text, position, symbol, 0, symbol.Length) != 0)
            {
                return false;
            }

            position += symbol.Length;
            return true;
        }

        private bool TakeWord(string word)
        {
            var end = position + word.Length;
            if (end > text.Length
                || !text.AsSpan(position, word.Length).Equals(word, StringComparison.OrdinalIgnoreCase)
                || (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] is not ('\'' or '"')))
            {
                return false;
            }

            position = end;
            return true;
        }

        private void SkipSpace()
        {
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }
        }
    }
}
