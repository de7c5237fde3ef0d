using System.Collections;
using System.Data.Common;
using Elements.Data.Schema;

namespace Elements.Data.Storage;

/// <summary>
/// A reader over the model's columns (in <see cref="ModelSchema.Fields"/> order) that reports and returns each field's
/// one CLR type (<see cref="ValueCodec.ToClr"/>) instead of the provider's per-value storage class. Dapper builds its
/// row parser from the first row's field types; SQLite's NUMERIC affinity returns REAL for 12.5 but INTEGER for 8.0
/// in the same column, so parsing the raw reader failed on the first row whose class differed. Through this reader the
/// typed path sees decimal for Numeric/Money, UTC DateTime for Datetime, DateOnly for Date and bool for Checkbox on
/// both databases, the same values the JSON path returns.
/// </summary>
/// <remarks><paramref name="prepare"/> adjusts a raw value before that conversion (aggregates' averages).</remarks>
internal sealed class SchemaDataReader(DbDataReader inner, IReadOnlyList<FieldDefinition> fields, Func<int, object, object>? prepare = null) : DbDataReader
{
    // Per field, the provider type that is already the field's CLR value (a long for an Integer, a string for text
    // but not for JSON text, which is made canonical): such a value is returned as boxed by the provider, not again.
    private readonly Type?[] _asIs = AsIs(fields);

    private static Type?[] AsIs(IReadOnlyList<FieldDefinition> fields)
    {
        var asIs = new Type?[fields.Count];
        for (var i = 0; i < asIs.Length; i++)
        {
            var f = fields[i];
            var t = ValueCodec.ClrType(f);
            asIs[i] = t == typeof(long) || t == typeof(bool) || (t == typeof(string) && DataTypeTraits.IsText(f.DataType)) ? t : null;
        }

        return asIs;
    }

    public override int FieldCount => fields.Count;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override int RecordsAffected => inner.RecordsAffected;

    public override bool HasRows => inner.HasRows;

    public override bool IsClosed => inner.IsClosed;

    public override int Depth => inner.Depth;

    public override string GetName(int ordinal) => fields[ordinal].Name;

    public override int GetOrdinal(string name)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (string.Equals(fields[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new IndexOutOfRangeException($"No column named '{name}'.");
    }

    public override Type GetFieldType(int ordinal) => ValueCodec.ClrType(fields[ordinal]);

    public override string GetDataTypeName(int ordinal) => fields[ordinal].DataType.ToString();

    public override object GetValue(int ordinal)
    {
        var value = inner.GetValue(ordinal);
        if (value is DBNull)
        {
            return value;
        }

        value = prepare is null ? value : prepare(ordinal, value);
        return value.GetType() == _asIs[ordinal] ? value : ValueCodec.ToClr(fields[ordinal], value);
    }

    public override int GetValues(object[] values)
    {
        var count = Math.Min(values.Length, fields.Count);
        for (var i = 0; i < count; i++)
        {
            values[i] = GetValue(i);
        }

        return count;
    }

    public override bool IsDBNull(int ordinal) => inner.IsDBNull(ordinal);

    public override Task<bool> IsDBNullAsync(int ordinal, CancellationToken cancellationToken) => inner.IsDBNullAsync(ordinal, cancellationToken);

    public override bool Read() => inner.Read();

    public override Task<bool> ReadAsync(CancellationToken cancellationToken) => inner.ReadAsync(cancellationToken);

    public override bool NextResult() => inner.NextResult();

    public override Task<bool> NextResultAsync(CancellationToken cancellationToken) => inner.NextResultAsync(cancellationToken);

    // Typed getters go through the normalized value so every access path agrees.
    public override bool GetBoolean(int ordinal) => (bool)GetValue(ordinal);

    public override byte GetByte(int ordinal) => Convert.ToByte(GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
        => inner.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);

    public override char GetChar(int ordinal) => inner.GetChar(ordinal);

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
        => inner.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);

    public override DateTime GetDateTime(int ordinal) => GetValue(ordinal) switch
    {
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        var v => (DateTime)v,
    };

    public override decimal GetDecimal(int ordinal) => Convert.ToDecimal(GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    public override double GetDouble(int ordinal) => Convert.ToDouble(GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    public override float GetFloat(int ordinal) => Convert.ToSingle(GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    public override Guid GetGuid(int ordinal) => inner.GetGuid(ordinal);

    public override short GetInt16(int ordinal) => Convert.ToInt16(GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    public override int GetInt32(int ordinal) => Convert.ToInt32(GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    public override long GetInt64(int ordinal) => Convert.ToInt64(GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    public override string GetString(int ordinal) => (string)GetValue(ordinal);

    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    public override void Close() => inner.Close();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();
}
