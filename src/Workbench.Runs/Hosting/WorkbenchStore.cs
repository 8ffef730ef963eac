using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Weasel.Core;
using Workbench.Engine;
using Workbench.Runs.Executing;
using Workbench.Runs.Grouping;
using Workbench.Runs.Finding;
using Workbench.Runs.Workers;

namespace Workbench.Runs.Hosting;

public static class WorkbenchStore
{
    public const string Schema = "workbench";

    /// <summary>Marten on PostgreSQL: run and group streams, and the <see cref="Run"/>, <see cref="RunListing"/> and <see cref="Group"/> projections kept inline.</summary>
    public static IServiceCollection AddWorkbenchStore(this IServiceCollection services, string connectionString)
    {
        services.AddMarten(options => Configure(options, connectionString))
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup();
        // Plain SQL beside Marten: health checks, the database's clock and the reconciler's lock.
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        return services;
    }

    public static void Configure(StoreOptions options, string connectionString)
    {
        options.Connection(connectionString);
        options.DatabaseSchemaName = Schema;
        options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase,
            json => ExperimentJson.ApplyForStoredData(json));
        options.Events.StreamIdentity = StreamIdentity.AsGuid;
        // Every event records who caused it: the signed-in user, or the worker that computed it.
        options.Events.MetadataConfig.UserNameEnabled = true;
        // Every write of a worker carries its own id, so that a write retried after a lost answer is found, not repeated.
        options.Events.MetadataConfig.CorrelationIdEnabled = true;
        foreach (var (type, name) in EventVersions.CurrentNames) options.Events.MapEventType(type, name);
        options.Events.Upcast<RunStartedV1, RunStarted>(RunStartedV1.EventTypeName, started => started.Upcast());
        options.Events.Upcast<EvaluationCompletedV1, EvaluationCompleted>(EvaluationCompletedV1.EventTypeName, evaluated => evaluated.Upcast());
        options.Projections.Snapshot<Run>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<Group>(SnapshotLifecycle.Inline);
        // A group's page and progress read its runs by group.
        options.Schema.For<Run>().Index(run => run.Group);
        options.Projections.Snapshot<RunListing>(SnapshotLifecycle.Inline);
        // The runs list's default order, and what paging through 10 000+ runs walks.
        options.Schema.For<RunListing>().Duplicate(listing => listing.SubmittedAt);
        // What each worker process says it is and does, written by the workers themselves.
        options.Schema.For<WorkerPresence>();
    }
}
