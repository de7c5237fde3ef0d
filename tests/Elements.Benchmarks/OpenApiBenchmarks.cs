using System.Text;
using BenchmarkDotNet.Attributes;
using Elements.Hosting.AspNetCore;
using Elements.Hosting.AspNetCore.OpenApi;
using Elements.Std.Roles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Elements.Benchmarks;

/// <summary>
/// One generation of the element API's OpenAPI document (<see cref="ElementApiDescriber"/>, what the host builds once
/// per registry generation), its terse UTF-8 JSON included: for the sample app, and for a
/// generated app of 100 services with 10 functions each (1,000 functions with a C# class, arguments of every JitAi
/// data type, one model per ten services so row schemas are built too).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 30)]
public class OpenApiBenchmarks
{
    private string _generated = null!;
    private ElementApp _app = null!;
    private ElementApiDescriber _describer = null!;

    [Params("sample", "1000-functions")]
    public string App { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        // The sample app's secret placeholders need a value to load; describing calls nothing.
        foreach (var variable in new[] { "WECHAT_OA_SECRET", "WECHAT_OA2_SECRET", "WECHAT_MINI_SECRET" })
        {
            Environment.SetEnvironmentVariable(variable, "bench");
        }

        var root = App == "sample" ? SampleAppFolder() : _generated = GenerateServices(100, 10);
        _app = ElementApp.Load(root, b => b.AddStdElements().AddElementTypesFrom(typeof(BenchApiElement).Assembly));
        _describer = new ElementApiDescriber(_app, _app.Services.GetRequiredService<ElementAuthorizer>(), Options.Create(new ElementsHostOptions()));
        // Elements activate on first use, in the host too: measured is the generation, not the first activation.
        _describer.DescribeAsUtf8Json();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _app.Dispose();
        if (_generated is not null)
        {
            Directory.Delete(Path.GetDirectoryName(_generated)!, recursive: true);
        }
    }

    [Benchmark]
    public int Generate() => _describer.DescribeAsUtf8Json(indented: false).Length;

    private static string SampleAppFolder()
    {
        for (var folder = AppContext.BaseDirectory; folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (File.Exists(Path.Combine(folder, "Elements.sln")))
            {
                return Path.Combine(folder, "app");
            }
        }

        throw new InvalidOperationException("run from within the repository");
    }

    private static string GenerateServices(int services, int functions)
    {
        var root = Path.Combine(Path.GetTempPath(), "elements-bench", Guid.NewGuid().ToString("n"), "App");
        Directory.CreateDirectory(root);
        void Write(string path, string text)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, path))!);
            File.WriteAllText(Path.Combine(root, path), text);
        }

        Write("app.json", """{ "appId": "bench.Api", "title": "OpenAPI benchmark" }""");
        var types = new[] { "Stext", "Integer", "Numeric", "Checkbox", "JitDict", "JitList", "Datetime", "Date", "QFilter", "RowData" };
        var list = new StringBuilder();
        for (var f = 0; f < functions; f++)
        {
            var args = string.Join(", ", Enumerable.Range(0, 3).Select(a =>
                $$"""{ "name": "a{{a}}", "title": "Argument {{a}}", "dataType": "{{types[(f + a) % types.Length]}}"{{(a == 2 ? ", \"options\": [\"x\", \"y\"]" : "")}} }"""));
            list.Append(f == 0 ? "" : ",\n").Append($$"""    { "name": "fn{{f}}", "title": "Function {{f}}", "args": [{{args}}], "returnType": "{{types[f % types.Length]}}", "loginRequired": {{f % 2}}, "errors": ["BENCH_{{f}}"] }""");
        }

        // A Type whose class implements the functions (BenchApiElement), as an app's services do, and its instances.
        Write("bench/ApiType/e.json", $$"""
            {
              "title": "Benchmark API type",
              "type": "services.Meta",
              "functionList": [
            {{list}}
              ]
            }
            """);
        for (var s = 0; s < services; s++)
        {
            Write($"services/S{s:D3}/e.json", $$"""{ "title": "Service {{s}}", "type": "bench.ApiType" }""");
            if (s % 10 == 0)
            {
                Write($"models/M{s:D3}/e.json", $$"""
                    {
                      "title": "Model {{s}}",
                      "type": "models.NormalType",
                      "fields": [
                        { "name": "id", "dataType": "AutoInt", "primaryKey": true },
                        { "name": "name", "dataType": "Stext", "maxLen": 50 },
                        { "name": "amount", "dataType": "Money" },
                        { "name": "state", "dataType": "Radio", "options": [{ "label": "Open", "value": "open" }, { "label": "Done", "value": "done" }] },
                        { "name": "at", "dataType": "Datetime" }
                      ]
                    }
                    """);
            }
        }

        return root;
    }
}
