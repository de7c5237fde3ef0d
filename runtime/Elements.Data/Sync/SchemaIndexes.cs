using Elements.Data.Dialects;
using Elements.Data.Schema;

namespace Elements.Data.Sync;

/// <summary>The indexes a schema asks for, with deterministic names shared by sync and error mapping.</summary>
internal static class SchemaIndexes
{
    public static IEnumerable<(string Name, IReadOnlyList<string> Columns, bool Unique)> Of(ModelSchema schema)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in schema.Fields)
        {
            if (f.PrimaryKey)
            {
                continue;
            }

            if (f.Unique && seen.Add(SqlDialect.IndexName("ux", schema.Table, [f.Name])))
            {
                yield return (SqlDialect.IndexName("ux", schema.Table, [f.Name]), [f.Name], true);
            }
            // Foreign-key columns are always indexed: joins and the referential checks of deletes look them up.
            else if ((f.DbIndex || f.DataType == DataType.RelateData) && !f.Unique && seen.Add(SqlDialect.IndexName("ix", schema.Table, [f.Name])))
            {
                yield return (SqlDialect.IndexName("ix", schema.Table, [f.Name]), [f.Name], false);
            }
        }
        foreach (var group in schema.UnionUniqueList)
        {
            var name = SqlDialect.IndexName("ux", schema.Table, group);
            if (seen.Add(name))
            {
                yield return (name, group, true);
            }
        }
        foreach (var group in schema.UnionIndexList)
        {
            var name = SqlDialect.IndexName("ix", schema.Table, group);
            if (seen.Add(name))
            {
                yield return (name, group, false);
            }
        }
    }
}
