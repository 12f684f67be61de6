using System.Text;

namespace Pipeline.Evaluation.Datasets;

/// <summary>
/// Reads lines like <see cref="TextReader.ReadLineAsync(CancellationToken)"/> (terminated by
/// <c>\n</c>, <c>\r\n</c> or <c>\r</c>), but awaits only when its 64 KiB buffer runs dry: a line
/// already in the buffer is returned synchronously. Per-line asynchronous reads cost more than
/// parsing the line for datasets of millions of short rows. A line longer than the limit is an error
/// as soon as the limit is passed, so a file without line breaks is never held in memory whole.
/// </summary>
internal sealed class BufferedLineReader(TextReader reader, int maxLineLength)
{
    private readonly char[] buffer = new char[1 << 16];
    private int start;
    private int end;
    private bool endOfText;

    /// <summary>How many lines have been returned so far.</summary>
    public long LinesRead { get; private set; }

    /// <summary>
    /// Takes the next line if it can be had without reading: true with the line (null at the end of
    /// the text), or false when the buffer must be refilled first (then call <see cref="ReadLineAsync"/>).
    /// </summary>
    /// <exception cref="DatasetException">The line is longer than the limit.</exception>
    public bool TryReadLine(out string? line)
    {
        var pending = buffer.AsSpan(start, end - start);
        var terminator = pending.IndexOfAny('\r', '\n');
        if (terminator >= 0 && (pending[terminator] == '\n' || terminator + 1 < pending.Length || endOfText))
        {
            line = Take(pending, terminator);
            return true;
        }

        if (endOfText)
        {
            start = end;
            line = pending.IsEmpty ? null : Counted(new string(pending));
            return true;
        }

        line = null;
        return false;
    }

    /// <summary>The next line without its terminator, or null at the end of the text.</summary>
    /// <exception cref="DatasetException">The line is longer than the limit.</exception>
    public ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var pending = buffer.AsSpan(start, end - start);
        var terminator = pending.IndexOfAny('\r', '\n');
        if (terminator >= 0 && (pending[terminator] == '\n' || terminator + 1 < pending.Length))
        {
            return ValueTask.FromResult<string?>(Take(pending, terminator));
        }

        return ReadSlowlyAsync(cancellationToken);
    }

    private async ValueTask<string?> ReadSlowlyAsync(CancellationToken cancellationToken)
    {
        StringBuilder? longLine = null;
        while (true)
        {
            var pending = buffer.AsSpan(start, end - start);
            var terminator = pending.IndexOfAny('\r', '\n');

            // A '\r' at the very end may be the first half of "\r\n": decide only once the next character is in.
            if (terminator >= 0 && (pending[terminator] == '\n' || terminator + 1 < pending.Length || endOfText))
            {
                CheckLength((longLine?.Length ?? 0) + terminator);
                var line = Take(pending, terminator);
                return longLine is null ? line : longLine.Append(line).ToString();
            }

            if (endOfText)
            {
                start = end;
                CheckLength((longLine?.Length ?? 0) + pending.Length);
                return pending.IsEmpty && longLine is null ? null : Counted((longLine ?? new StringBuilder()).Append(pending).ToString());
            }

            // Make room: move the unread part to the front; a line longer than the buffer spills into longLine.
            var kept = terminator >= 0 ? 1 : 0;
            if (pending.Length == buffer.Length)
            {
                (longLine ??= new StringBuilder()).Append(pending[..^kept]);
                CheckLength(longLine.Length);
                pending[^kept..].CopyTo(buffer);
                end = kept;
            }
            else
            {
                pending.CopyTo(buffer);
                end = pending.Length;
            }

            start = 0;
            var read = await reader.ReadAsync(buffer.AsMemory(end), cancellationToken);
            if (read == 0)
            {
                endOfText = true;
            }

            end += read;
        }
    }

    private string Take(ReadOnlySpan<char> pending, int terminator)
    {
        CheckLength(terminator);
        var line = new string(pending[..terminator]);
        var crlf = pending[terminator] == '\r' && terminator + 1 < pending.Length && pending[terminator + 1] == '\n';
        start += terminator + (crlf ? 2 : 1);
        LinesRead++;
        return line;
    }

    private string Counted(string line)
    {
        LinesRead++;
        return line;
    }

    private void CheckLength(int length)
    {
        if (length > maxLineLength)
        {
            throw new DatasetException(
                $"Line {LinesRead + 1} of the dataset is longer than {maxLineLength} characters, the most a line may have; " +
                "check that the file is CSV with line breaks between rows.");
        }
    }
}
