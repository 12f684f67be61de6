namespace Pipeline.Core.Registry;

/// <summary>
/// A model as the models index lists it: its name, when it was created and what it serves. The index mirrors the
/// production pointer of the model's own row, which stays the authority (<see cref="ModelQueries.GetProductionAsync"/>):
/// the mirror is written right after each promotion, and a walk over every model puts back one a crash left behind.
/// </summary>
/// <param name="Name">The model's name.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Production">What it served when last mirrored, or null.</param>
public sealed record ModelSummary(string Name, DateTimeOffset CreatedAt, ProductionPointer? Production);
