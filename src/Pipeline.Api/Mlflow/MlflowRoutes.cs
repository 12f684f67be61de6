namespace Pipeline.Api.Mlflow;

/// <summary>
/// The MLflow Model Registry REST API's paths, under <c>/api/2.0/mlflow/</c> (a client's tracking URI is the host).
/// Both hosts route every one of them through the single template <see cref="All"/> to <see cref="MlflowApi.DispatchAsync"/>,
/// which knows the operations: an unknown one is MLflow's <c>ENDPOINT_NOT_FOUND</c>.
/// </summary>
public static class MlflowRoutes
{
    /// <summary>Where the MLflow API lives, relative to the API prefix.</summary>
    public const string Root = "2.0/mlflow";

    /// <summary>
    /// The one route template both hosts map, for every method: every path under <see cref="Root"/>. A method no
    /// operation takes is answered by the dispatcher in MLflow's shape, never by the API's catch-all problem route.
    /// </summary>
    public const string All = Root + "/{*operation}";
}
