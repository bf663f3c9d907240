using System.Globalization;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using Gongzhi.Web.Platform.Http;
using MiniExcelLibs;

namespace Gongzhi.Web.Platform.Data;

/// <summary>
/// Reads an uploaded table (CSV, Excel .xlsx or a JSON array of objects) as rows of header → text, lazily, so imports
/// can validate row by row. Header names are trimmed; matching is case-insensitive.
/// </summary>
public static class Tabular
{
    public const long MaxBytes = 20 * 1024 * 1024;

    /// <summary>The headers and the records (each record's values in header order; null where a row is short).</summary>
    public sealed record Table(IReadOnlyList<string> Headers, IEnumerable<string?[]> Records)
    {
        /// <summary>The records as header → value (case-insensitive), for small imports that read by name.</summary>
        public IEnumerable<IReadOnlyDictionary<string, string?>> Rows => Records.Select(r =>
        {
            var row = new Dictionary<string, string?>(Headers.Count, StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < Headers.Count; i++) row[Headers[i]] = r[i];
            return (IReadOnlyDictionary<string, string?>)row;
        });
    }

    public static Table Read(Stream stream, string fileName)
    {
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        return ext switch
        {
            ".csv" or ".txt" => Csv(stream),
            ".xlsx" => Excel(stream),
            ".json" => Json(stream),
            _ => throw new DomainException("import.format", "Upload a .csv, .xlsx or .json file", ext) { Status = 400 },
        };
    }

    static Table Csv(Stream stream)
    {
        var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true); // imports read a file twice
        // MaxFieldSize: an unclosed quote must not make one field of the whole (large) file.
        var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture)
            { TrimOptions = TrimOptions.Trim, BadDataFound = null, MissingFieldFound = null, MaxFieldSize = 10_000 });
        try
        {
            if (!csv.Read() || !csv.ReadHeader()) throw new DomainException("import.empty", "The file is empty") { Status = 400 };
        }
        catch (CsvHelperException)
        {
            throw new DomainException("import.unreadable", "The file cannot be read") { Status = 400 };
        }
        var headers = csv.HeaderRecord!.Select(h => h.Trim()).ToList();
        return new(headers, Unreadable<CsvHelperException>(NonBlank(Records())));

        IEnumerable<string?[]> Records()
        {
            using var _ = csv;
            var parser = csv.Parser;
            while (csv.Read())
            {
                var record = new string?[headers.Count];
                var n = Math.Min(parser.Count, headers.Count);
                for (var i = 0; i < n; i++) record[i] = parser[i];
                yield return record;
            }
        }
    }

    static Table Excel(Stream stream)
    {
        List<string> headers;
        try
        {
            headers = [.. (MiniExcel.GetColumns(stream, useHeaderRow: true) ?? throw new DomainException("import.empty", "The file is empty") { Status = 400 })
                .Select(h => h.Trim())];
            stream.Position = 0;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or System.Xml.XmlException or InvalidOperationException)
        {
            throw new DomainException("import.unreadable", "The Excel file cannot be read") { Status = 400 };
        }
        return new(headers, Unreadable<Exception>(NonBlank(Records())));

        IEnumerable<string?[]> Records()
        {
            foreach (IDictionary<string, object?> r in MiniExcel.Query(stream, useHeaderRow: true))
            {
                var record = new string?[headers.Count];
                var i = 0;
                foreach (var kv in r)
                    if (i < record.Length) record[i++] = Text(kv.Value); // MiniExcel gives the cells in header order
                yield return record;
            }
        }
    }

    static Table Json(Stream stream)
    {
        if (stream.CanSeek && stream.Length > MaxBytes) throw new DomainException("too_large", "The file is too large") { Status = 413 }; // parsed whole
        JsonDocument doc;
        try { doc = JsonDocument.Parse(stream); }
        catch (JsonException) { throw new DomainException("import.unreadable", "The JSON file cannot be read") { Status = 400 }; }
        if (doc.RootElement.ValueKind != JsonValueKind.Array) throw new DomainException("import.unreadable", "The JSON file must hold an array of objects") { Status = 400 };
        var rows = doc.RootElement.EnumerateArray()
            .Select(e => e.ValueKind == JsonValueKind.Object
                ? (IReadOnlyDictionary<string, string?>)e.EnumerateObject().ToDictionary(p => p.Name.Trim(), p => p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString(),
                    JsonValueKind.Null => null,
                    _ => p.Value.GetRawText(),
                }, StringComparer.OrdinalIgnoreCase)
                : new Dictionary<string, string?>())
            .ToList();
        var headers = rows.SelectMany(r => r.Keys).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return new(headers, [.. rows.Select(r => headers.Select(h => r.GetValueOrDefault(h)).ToArray())]);
    }

    /// <summary>Rows whose cells are all empty (formatted blank rows of Excel, lines of commas) are no rows.</summary>
    static IEnumerable<string?[]> NonBlank(IEnumerable<string?[]> records) => records.Where(r => r.Any(c => !string.IsNullOrWhiteSpace(c)));

    /// <summary>A file that breaks while it is read (a bad zip entry, XML, a field beyond the limit) is a 400, not a 500.</summary>
    static IEnumerable<string?[]> Unreadable<TException>(IEnumerable<string?[]> records) where TException : Exception
    {
        using var e = records.GetEnumerator();
        while (true)
        {
            string?[] current;
            try
            {
                if (!e.MoveNext()) yield break;
                current = e.Current;
            }
            catch (TException ex) when (ex is not DomainException and not OperationCanceledException)
            {
                throw new DomainException("import.unreadable", "The file cannot be read") { Status = 400 };
            }
            yield return current;
        }
    }

    static string? Text(object? value) => value switch
    {
        null => null,
        string s => s.Trim(),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), // Excel date cells; importers take the date part where they want a date
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        double d => d.ToString("0.################", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>
    /// Matches an import template's columns (Chinese name, English alias) to the file's headers: each column's index in a
    /// record, or -1 when the file lacks it. An unknown or repeated header, or a missing required column, is a 400
    /// <c>import.headers</c> naming the template's columns.
    /// </summary>
    public static Dictionary<string, int> TemplateColumns(this Table table, IReadOnlyList<(string Zh, string En)> columns, IEnumerable<string> required)
    {
        var expected = string.Join(",", columns.Select(c => c.Zh));
        var known = columns.SelectMany(c => new[] { c.Zh, c.En }).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (table.Headers.Any(h => h.Length > 0 && !known.Contains(h)) || table.Headers.Distinct(StringComparer.OrdinalIgnoreCase).Count() != table.Headers.Count)
            throw new DomainException("import.headers", "Wrong column headers", expected) { Status = 400 };
        var headers = table.Headers.ToList();
        var at = columns.ToDictionary(c => c.Zh, c => table.Column(c.Zh, c.En) is { } h ? headers.IndexOf(h) : -1, StringComparer.Ordinal);
        if (required.Any(r => at[r] < 0)) throw new DomainException("import.headers", "Wrong column headers", expected) { Status = 400 };
        return at;
    }

    /// <summary>The first header among <paramref name="names"/>, or null.</summary>
    public static string? Column(this Table table, params string[] names) =>
        table.Headers.FirstOrDefault(h => names.Contains(h, StringComparer.OrdinalIgnoreCase));
}
