using Elements.Data.Errors;
using Elements.Data.Schema;

namespace Elements.Data.Tests.Schema;

/// <summary>The relation parameters of model JSON are checked when the model is parsed (a load error, not a query error).</summary>
public sealed class RelationSchemaTests
{
    private static string Model(string fields) => $$"""{"table": "t", "fields": [{{fields}}]}""";

    [Fact]
    public void Relation_fields_parse_with_defaults_and_list_fields_have_no_column()
    {
        var schema = ModelSchema.Parse(Model("""
            {"name": "customer", "dataType": "RelateData", "generic": "models.Customer"},
            {"name": "author", "dataType": "RelateData", "generic": "models.Author", "relateField": "code", "relateFieldType": "Stext", "onDelete": "setNull"},
            {"name": "lines", "dataType": "SubTable", "generic": "models.Line", "relateField": "parent"},
            {"name": "notes", "dataType": "MultiRelateData", "generic": "models.Note", "relateField": "owner"}
            """));
        Assert.Equal(["id", "customer", "author"], schema.Fields.Select(f => f.Name));
        Assert.Equal(["lines", "notes"], schema.ListFields.Select(f => f.Name));
        var customer = schema.GetField("customer").Relation!;
        Assert.Equal(("models.Customer", null, DataType.Integer, RelationDeleteAction.Restrict),
            (customer.Generic, customer.RelateField, customer.RelateFieldType, customer.OnDelete));
        var author = schema.GetField("author").Relation!;
        Assert.Equal(("code", DataType.Stext, RelationDeleteAction.SetNull), (author.RelateField, author.RelateFieldType, author.OnDelete));
        Assert.Null(schema.FindField("lines"));
        Assert.Equal("parent", schema.FindListField("lines")!.Relation!.RelateField);
    }

    [Theory]
    [InlineData("""{"name": "c", "dataType": "RelateData"}""", "RelateData needs 'generic'")]
    [InlineData("""{"name": "c", "dataType": "RelateData", "generic": 5}""", "'generic' must be a string")]
    [InlineData("""{"name": "c", "dataType": "RelateData", "generic": "m.C", "onDelete": "explode"}""", "onDelete 'explode' is not supported")]
    [InlineData("""{"name": "c", "dataType": "RelateData", "generic": "m.C", "relateFieldType": "Money"}""", "relateFieldType 'Money' is not supported")]
    [InlineData("""{"name": "c", "dataType": "RelateData", "generic": "m.C", "primaryKey": true}""", "RelateData cannot be a primary key")]
    [InlineData("""{"name": "c", "dataType": "Stext", "generic": "m.C"}""", "'generic' is not a parameter of Stext")]
    [InlineData("""{"name": "c", "dataType": "SubTable", "generic": "m.C"}""", "SubTable needs 'relateField'")]
    [InlineData("""{"name": "c", "dataType": "MultiRelateData", "generic": "m.C", "relateField": "p", "onDelete": "cascade"}""", "'onDelete' is not a parameter of MultiRelateData")]
    [InlineData("""{"name": "c", "dataType": "SubTable", "generic": "m.C", "relateField": "p", "unique": true}""", "SubTable has no column")]
    public void Bad_relation_parameters_are_schema_errors_naming_the_field(string field, string message)
    {
        var ex = Assert.Throws<SchemaException>(() => ModelSchema.Parse(Model(field)));
        Assert.Equal(DataErrorCodes.Schema, ex.Code);
        Assert.Contains(message, ex.Message);
        Assert.Equal("c", ex.Field);
    }
}
