using Workbench.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddWorkbenchWeb();
var app = builder.Build();
app.UseWorkbenchWeb();
app.Run();

/// <summary>Entry point, visible to the integration and browser tests' WebApplicationFactory.</summary>
public partial class Program;
