using Elements.Data.Errors;
using Elements.Data.Schema;

namespace Elements.Data.Tests.Schema;

public sealed class ModelSchemaTests
{
    private static SchemaException Fails(string json) => Assert.Throws<SchemaException>(() => ModelSchema.Parse(json));

    private static string Model(string fields, string extra = "") => $$"""{"table": "t", "fields": [{{fields}}]{{extra}}}""";

    [Fact]
    public void Parses_the_documented_field_properties()
    {
        var schema = ModelSchema.Parse(Model("""
            {"name": "code", "title": "Code", "dataType": "Stext", "primaryKey": true, "maxLen": 16},
            {"name": "price", "title": "Price", "dataType": "Numeric", "decimal": 4, "dbIndex": true, "value": 1.5},
            {"name": "email", "dataType": "Stext", "unique": true}
            """, """, "title": "Things", "unionUniqueList": [["price", "email"]], "unionIndexList": [["email"]]"""));
        Assert.Equal("t", schema.Table);
        Assert.Equal("Things", schema.Title);
        Assert.False(schema.HasImplicitPrimaryKey);
        Assert.Equal("code", schema.PrimaryKey.Name);
        var price = schema.GetField("price");
        Assert.Equal(DataType.Numeric, price.DataType);
        Assert.Equal(4, price.EffectiveDecimal);
        Assert.True(price.DbIndex);
        Assert.Equal(1.5m, (decimal)price.Value!);
        Assert.Equal(16, schema.GetField("code").EffectiveMaxLen);
        Assert.Equal(255, schema.GetField("email").EffectiveMaxLen);
        Assert.Equal(["price", "email"], schema.UnionUniqueList[0]);
        Assert.Equal(["email"], schema.UnionIndexList[0]);
    }

    [Fact]
    public void Without_a_primary_key_an_implicit_id_is_added()
    {
        var schema = ModelSchema.Parse(Model("""{"name": "text", "dataType": "Ltext"}"""));
        Assert.True(schema.HasImplicitPrimaryKey);
        Assert.Equal("id", schema.Fields[0].Name);
        Assert.Equal(DataType.AutoInt, schema.PrimaryKey.DataType);
        Assert.Equal("id", Fails(Model("""{"name": "id", "dataType": "Integer"}""")).Field);
    }

    [Fact]
    public void Table_name_comes_from_json_or_the_default()
    {
        Assert.Equal("fallback", ModelSchema.Parse("""{"fields": []}""", "fallback").Table);
        Fails("""{"fields": []}""");
        Fails("""{"table": "drop table x", "fields": []}""");
        Fails("""{"table": "select", "fields": []}""");
    }

    [Theory]
    [InlineData("select")]
    [InlineData("SELECT")]
    [InlineData("order")]
    [InlineData("user")]
    [InlineData("from")]
    [InlineData("rowid")]
    [InlineData("xmin")]
    [InlineData("1abc")]
    [InlineData("a-b")]
    [InlineData("a b")]
    [InlineData("na\"me")]
    [InlineData("name;")]
    [InlineData("é")]
    [InlineData("")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public void Invalid_or_reserved_field_names_are_rejected_naming_the_field(string name)
    {
        var ex = Fails(Model($$"""{"name": "{{name.Replace("\"", "\\\"", StringComparison.Ordinal)}}", "dataType": "Stext"}"""));
        Assert.Equal("DB_SCHEMA", ex.Code);
        Assert.Equal(name, ex.Field);
    }

    [Theory]
    [InlineData("""{"name": "a", "dataType": "Text"}""", "a", "unknown dataType 'Text'")]
    [InlineData("""{"name": "a", "dataType": "stext"}""", "a", "unknown dataType")]
    [InlineData("""{"name": "a", "dataType": "1"}""", "a", "unknown dataType")]
    [InlineData("""{"name": "a"}""", "a", "dataType")]
    [InlineData("""{"name": "a", "dataType": "Stext"}, {"name": "A", "dataType": "Ltext"}""", "A", "duplicate")]
    [InlineData("""{"name": "a", "dataType": "AutoInt"}""", "a", "AutoInt")]
    [InlineData("""{"name": "a", "dataType": "Integer", "primaryKey": true}, {"name": "b", "dataType": "Integer", "primaryKey": true}""", "b", "more than one primary key")]
    [InlineData("""{"name": "a", "dataType": "Ltext", "maxLen": 5}""", "a", "maxLen")]
    [InlineData("""{"name": "a", "dataType": "Stext", "maxLen": 0}""", "a", "maxLen")]
    [InlineData("""{"name": "a", "dataType": "Numeric", "decimal": 11}""", "a", "decimal")]
    [InlineData("""{"name": "a", "dataType": "Stext", "unique": "yes"}""", "a", "unique")]
    [InlineData("""{"name": "a", "dataType": "Integer", "value": "abc"}""", "a", "default value")]
    [InlineData("""{"name": "a", "dataType": "JitDict", "primaryKey": true}""", "a", "primary key")]
    public void Invalid_definitions_are_rejected_naming_the_field(string fields, string field, string text)
    {
        var ex = Fails(Model(fields));
        Assert.Equal(field, ex.Field);
        Assert.Contains(text, ex.Message);
    }

    [Fact]
    public void Union_lists_must_name_declared_fields()
    {
        Assert.Equal("nope", Fails(Model("""{"name": "a", "dataType": "Stext"}""", """, "unionUniqueList": [["a", "nope"]]""")).Field);
        Fails(Model("""{"name": "a", "dataType": "Stext"}""", """, "unionIndexList": [[]]"""));
        Fails(Model("""{"name": "a", "dataType": "Stext"}""", """, "unionIndexList": ["a"]"""));
        Fails("not json");
        Fails("[]");
    }

    [Fact]
    public void Unknown_field_lookup_is_a_data_error()
    {
        var schema = ModelSchema.Parse(Model("""{"name": "a", "dataType": "Stext"}"""));
        var ex = Assert.Throws<UnknownFieldException>(() => schema.GetField("b"));
        Assert.Equal("DB_UNKNOWN_FIELD", ex.Code);
        Assert.Null(schema.FindField("A"));
    }
}
