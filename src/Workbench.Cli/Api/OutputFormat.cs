namespace Workbench.Cli.Api;

/// <summary>How a command prints what it found: a table for people, JSON (the API's answer) or CSV for programs.</summary>
public enum OutputFormat { Table, Json, Csv }
