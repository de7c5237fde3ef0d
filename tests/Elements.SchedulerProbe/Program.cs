using Elements.Hosting.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

// Usage: Elements.SchedulerProbe APP_DIR. Settings come from the environment (Elements__Scheduler__CheckinInterval, ...);
// PROBE_PG is the connection string of the database the runs are recorded in (table probe_runs).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = ["--urls=http://127.0.0.1:0"], ContentRootPath = args[0] });
builder.Configuration["Elements:AppPath"] = args[0];
builder.AddElementsHost(elements => elements.AddElementTypesFrom(typeof(Elements.SchedulerProbe.ProbeTick).Assembly));
var app = builder.Build();
app.MapElements();
await app.StartAsync();
Console.WriteLine("started");
await app.WaitForShutdownAsync();
