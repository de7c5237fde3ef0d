using Elements.Data.Errors;
using Elements.Data.Schema;

namespace Elements.Data.Tests.Schema;

/// <summary>Each data type's parameters: what it takes, what it refuses, and where the error points.</summary>
public sealed class FieldParametersTests
{
    private static SchemaException Refused(string fields)
        => Assert.Throws<SchemaException>(() => ModelSchema.Parse($$"""{"table": "t", "fields": [{{fields}}]}"""));

    [Theory]
    [InlineData("""{"name": "a", "dataType": "Stext", "maxlen": 5}""", "fields[0].maxlen", "did you mean 'maxLen'?")]
    [InlineData("""{"name": "a", "dataType": "Stext"}, {"name": "b", "dataType": "Integer", "options": []}""", "fields[1].options", "'options' is not a parameter of Integer")]
    [InlineData("""{"name": "a", "dataType": "Money", "maxCount": 2}""", "fields[0].maxCount", "'maxCount' is not a parameter of Money")]
    [InlineData("""{"name": "a", "dataType": "Serial", "value": "x"}""", "fields[0].value", "'value' is not a parameter of Serial")]
    [InlineData("""{"name": "a", "dataType": "Phone", "rules": "twelve"}""", "fields[0].rules", "rules must be 'eleven', 'eight', 'tel' or 'mobileOrTel'")]
    [InlineData("""{"name": "a", "dataType": "Radio", "options": [{"value": "x"}, {"value": "y", "colour": 1}]}""", "fields[0].options[1].colour", "'colour' is not a key of an option")]
    [InlineData("""{"name": "a", "dataType": "Radio", "options": [{"label": "x"}]}""", "fields[0].options[0]", "an option has no 'value'")]
    [InlineData("""{"name": "a", "dataType": "Dropdown"}""", "fields[0].dataType", "needs 'options'")]
    [InlineData("""{"name": "a", "dataType": "MultiRadio", "options": [{"value": "x"}, {"value": "x"}]}""", "fields[0].options", "two options have the same value")]
    [InlineData("""{"name": "a", "dataType": "MultiDropdown", "options": [{"value": "x"}], "maxCount": 0}""", "fields[0].maxCount", "maxCount must be between 1 and 1000")]
    [InlineData("""{"name": "a", "dataType": "Serial", "dateTimeFormat": "YYYY年MM"}""", "fields[0].dateTimeFormat", "may only combine")]
    [InlineData("""{"name": "a", "dataType": "Serial", "incNum": 0}""", "fields[0].incNum", "incNum")]
    [InlineData("""{"name": "x", "dataType": "Checkbox"}, {"name": "a", "dataType": "Serial", "fieldId": "x"}""", "fields[1].fieldId", "must name an Stext, Integer, Phone, Radio or Dropdown field, not Checkbox")]
    [InlineData("""{"name": "a", "dataType": "Address", "addressFormat": "pcd"}""", "fields[0].addressFormat", "addressFormat must be 'pca', 'pc' or 'p'")]
    [InlineData("""{"name": "a", "dataType": "Address", "primaryKey": true}""", "fields[0].primaryKey", "Address cannot be a primary key")]
    [InlineData("""{"name": "a", "dataType": "Percent", "decimal": 11}""", "fields[0].decimal", "decimal is only allowed on Numeric/Money/Percent")]
    [InlineData("""{"name": "a", "dataType": "Time", "value": "25:00"}""", "fields[0].value", "default value does not fit")]
    [InlineData("""{"name": "a", "dataType": "Image", "maxSize": "big"}""", "fields[0].maxSize", "'maxSize' must be an integer")]
    [InlineData("""{"name": "a", "dataType": "Telephone"}""", "fields[0].dataType", "unknown dataType 'Telephone'")]
    [InlineData("""{"name": "a", "dataType": "Stext"}, {"name": "a", "dataType": "Stext"}""", "fields[1].name", "duplicate field name")]
    public void A_bad_parameter_is_a_schema_error_at_its_json_path(string fields, string path, string message)
    {
        var ex = Refused(fields);
        Assert.Equal("DB_SCHEMA", ex.Code);
        Assert.Equal(path, ex.Path);
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void Definitions_built_in_csharp_are_held_to_the_same_rules()
    {
        var ex = Assert.Throws<SchemaException>(() => ModelSchema.Create("t", null,
        [
            new FieldDefinition { Name = "a", DataType = DataType.Stext },
            new FieldDefinition { Name = "b", DataType = DataType.Integer, Options = [new ChoiceOption("x", null)] },
        ]));
        Assert.Equal("fields[1].options", ex.Path);
        Assert.Equal("b", ex.Field);
    }

    [Fact]
    public void Percent_stores_two_more_places_than_it_declares()
    {
        var schema = ModelSchema.Parse("""{"table": "t", "fields": [{"name": "p", "dataType": "Percent"}, {"name": "q", "dataType": "Percent", "decimal": 0}]}""");
        Assert.Equal(4, schema.GetField("p").EffectiveDecimal);
        Assert.Equal(2, schema.GetField("q").EffectiveDecimal);
    }
}
