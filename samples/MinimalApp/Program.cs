// A second element app on the reusable host: `dotnet run --project samples/MinimalApp`, then
// POST http://127.0.0.1:5080/api/demo/Notes/{element/path}/{function}. Everything else is the folders beside this file.
using Elements.Hosting.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.AddElementsHost();
var app = builder.Build();
app.MapElements();
app.Run();
