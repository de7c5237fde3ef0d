using Elements.Data.Errors;
using Elements.Data.Schema;

namespace Elements.Data.Storage;

/// <summary>Resolves the other side of a relation field through the store's related-model resolver and checks it fits.</summary>
internal static class RelatedModels
{
    /// <summary>
    /// The model a RelateData field points to and the key field it holds: <c>relateField</c>, else the primary key. The
    /// key must be the primary key or unique (a foreign key needs that on both databases) and of the column's type.
    /// </summary>
    public static (ModelSchema Target, FieldDefinition Key) Target(ModelSchema owner, FieldDefinition field, Func<string, ModelSchema>? related)
    {
        var relation = field.Relation ?? throw new SchemaException($"{field.DataType} is not a relation.", field.Name);
        var target = Resolve(owner, field, related);
        var key = relation.RelateField is null ? target.PrimaryKey : target.FindField(relation.RelateField)
            ?? throw new SchemaException($"relateField '{relation.RelateField}' is not a field of '{relation.Generic}'.", field.Name);
        if (!key.PrimaryKey && !key.Unique)
        {
            throw new SchemaException($"relateField '{key.Name}' of '{relation.Generic}' must be its primary key or a unique field.", field.Name);
        }

        var keyType = key.DataType is DataType.AutoInt or DataType.Integer ? DataType.Integer : key.DataType;
        if (keyType != relation.RelateFieldType)
        {
            throw new SchemaException($"'{relation.Generic}.{key.Name}' is {key.DataType} but relateFieldType is {relation.RelateFieldType}.", field.Name);
        }

        return (target, key);
    }

    /// <summary>
    /// The child model of a MultiRelateData/SubTable field and its RelateData field pointing back here; the back
    /// pointer must hold this model's primary key (children are looked up by the parents' keys).
    /// </summary>
    public static (ModelSchema Child, FieldDefinition BackField) Children(ModelSchema owner, FieldDefinition field, Func<string, ModelSchema>? related)
    {
        var relation = field.Relation ?? throw new SchemaException($"{field.DataType} is not a relation.", field.Name);
        var child = Resolve(owner, field, related);
        var back = child.FindField(relation.RelateField!);
        if (back is null || back.DataType != DataType.RelateData || back.Relation is null)
        {
            throw new SchemaException($"relateField '{relation.RelateField}' must be a RelateData field of '{relation.Generic}' pointing to '{owner.Table}'.", field.Name);
        }

        if (back.Relation.RelateField is { } key && key != owner.PrimaryKey.Name)
        {
            throw new SchemaException($"'{relation.Generic}.{back.Name}' must hold the primary key '{owner.PrimaryKey.Name}' of '{owner.Table}' to serve as {field.DataType}.", field.Name);
        }

        return (child, back);
    }

    private static ModelSchema Resolve(ModelSchema owner, FieldDefinition field, Func<string, ModelSchema>? related)
    {
        var name = field.Relation!.Generic;
        if (related is null)
        {
            throw new SchemaException($"the related model '{name}' cannot be resolved: the store of '{owner.Table}' was made without a related-model resolver.", field.Name);
        }

        return related(name) ?? throw new SchemaException($"the related model '{name}' does not exist.", field.Name);
    }
}
