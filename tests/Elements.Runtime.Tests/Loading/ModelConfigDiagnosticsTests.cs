using Elements.Diagnostics;
using Elements.Runtime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Runtime.Tests.Loading;

/// <summary>
/// Model fields are checked when the app loads, against the real <c>models.NormalType</c>: a parameter a data type
/// does not take is EL0010 at that key's file(line,col), and every JitAi data type declared as documented loads.
/// </summary>
public sealed class ModelConfigDiagnosticsTests
{
    private const string AppJson = """{ "appId": "test.Models" }""";

    [Fact]
    public void A_parameter_the_data_type_does_not_take_points_at_its_key()
    {
        using var temp = TempApp.Create(withStandIn: false);
        temp.Write("app.json", AppJson);
        temp.Write("models/Orders/e.json", """
            {
              "title": "Orders",
              "type": "models.NormalType",
              "fields": [
                {"name": "code", "dataType": "Stext", "maxLen": 20},
                {"name": "state", "dataType": "Radio", "options": [{"value": "open"}]},
                {"name": "note", "dataType": "Stext", "maxlen": 40}
              ]
            }
            """);
        temp.Write("models/Items/e.json", """
            {
              "title": "Items",
              "type": "models.NormalType",
              "fields": [
                {"name": "qty", "dataType": "Integer",
                 "options": [{"value": "1"}]}
              ]
            }
            """);
        temp.Write("models/Kinds/e.json", """
            {
              "title": "Kinds",
              "type": "models.NormalType",
              "fields": [{"name": "kind", "dataType": "Dropdown", "options": [{"value": "a"}, {"value": "b", "colour": "red"}]}]
            }
            """);
        temp.Write("models/Tickets/e.json", """
            {
              "title": "Tickets",
              "type": "models.NormalType",
              "fields": [{"name": "no", "dataType": "Serial", "fieldId": "missing"}]
            }
            """);

        var ex = Assert.Throws<ElementLoadException>(() => Load(temp.Root));

        Assert.Equal(
        [
            "models/Items/e.json(6,6): error EL0010: config of 'models.Items' is invalid: Field 'qty': 'options' is not a parameter of Integer; "
                + "Integer takes: name, title, dataType, primaryKey, unique, dbIndex, value, description, placeholder.",
            "models/Kinds/e.json(4,98): error EL0010: config of 'models.Kinds' is invalid: Field 'kind': 'colour' is not a key of an option; "
                + "an option takes: label, value, style, color.",
            "models/Orders/e.json(7,43): error EL0010: config of 'models.Orders' is invalid: Field 'note': 'maxlen' is not a parameter of Stext "
                + "(did you mean 'maxLen'?); Stext takes: name, title, dataType, primaryKey, unique, dbIndex, value, description, placeholder, maxLen.",
            "models/Tickets/e.json(4,51): error EL0010: config of 'models.Tickets' is invalid: Field 'no': fieldId 'missing' is not a field of the model.",
        ], ex.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Every_JitAi_data_type_declared_as_documented_loads()
    {
        using var temp = TempApp.Create(withStandIn: false);
        temp.Write("app.json", AppJson);
        temp.Write("models/Everything/e.json", """
            {
              "title": "Every JitAi data type",
              "type": "models.NormalType",
              "fields": [
                {"name": "code", "dataType": "Stext", "description": "shown in forms", "placeholder": "A-1"},
                {"name": "rate", "dataType": "Percent", "decimal": 1},
                {"name": "opensAt", "dataType": "Time"},
                {"name": "phone", "dataType": "Phone", "rules": "mobileOrTel"},
                {"name": "orderNo", "dataType": "Serial", "prefix": "SO", "connector": "-", "dateTimeFormat": "YYYY-MM-DD", "incNum": 4, "startNumber": 1, "fieldId": "code"},
                {"name": "state", "dataType": "Radio", "options": [{"label": "Open", "value": "open", "style": {"color": "#fff"}}], "allowManualInput": false},
                {"name": "size", "dataType": "Dropdown", "options": [{"value": "S"}]},
                {"name": "tags", "dataType": "MultiRadio", "options": [{"value": "a"}], "maxCount": 1},
                {"name": "sizes", "dataType": "MultiDropdown", "options": [{"value": "S"}], "maxCount": 1, "limit": true},
                {"name": "address", "dataType": "Address", "addressFormat": "pc", "detail": false},
                {"name": "files", "dataType": "File", "maxCount": 3, "maxSize": 5},
                {"name": "photos", "dataType": "Image"}
              ]
            }
            """);

        using var app = Load(temp.Root);

        Assert.Equal("Every JitAi data type", app.GetElementDefine("models.Everything").Title);
    }

    [Fact]
    public void A_broken_aggregate_definition_points_at_its_key()
    {
        using var temp = TempApp.Create(withStandIn: false);
        temp.Write("app.json", AppJson);
        temp.Write("models/Sales/e.json", """
            {"title": "Sales", "type": "models.NormalType", "fields": [{"name": "region", "dataType": "Stext"}, {"name": "amount", "dataType": "Numeric"}]}
            """);
        temp.Write("models/ByRegion/e.json", """
            {
              "title": "By region",
              "type": "models.AggrType",
              "dbTable": "Select([F('region'), F(Formula('SUM(amount)'), 'total')], From(['models.Sales']), GroupBy('region'), Having(Q('total', '>', 1)))"
            }
            """);
        temp.Write("models/ByMonth/e.json", """
            {
              "title": "By month",
              "type": "models.AggrType",
              "aggregate": {"from": "models.Sales", "fieldList": ["region", "SUM(amount) as total"], "having": "Q(total__gt=1)"}
            }
            """);

        var ex = Assert.Throws<ElementLoadException>(() => Load(temp.Root));

        string[] expected =
        [
            "models/ByMonth/e.json(4,90): error EL0010: config of 'models.ByMonth' is invalid: aggregate has no 'having' (it takes from, filter and fieldList)",
            "models/ByRegion/e.json(4,3): error EL0010: config of 'models.ByRegion' is invalid: dbTable: Having is not supported in an aggregate model "
                + "(supported: Select, F, Formula, From, Where, GroupBy)",
        ];
        Assert.Equal(expected.Length, ex.Diagnostics.Count);
        foreach (var (want, got) in expected.Zip(ex.Diagnostics.Select(d => d.ToString())))
        {
            Assert.Equal(want, got);
        }
    }

    private static ElementApp Load(string root) => ElementApp.Load(root, b => b.AddStdElements().Configure(o => o.Environment = _ => null));
}
