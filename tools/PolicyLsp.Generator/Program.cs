using PolicyLsp.Generator;

// Writes (--write) or checks (--check) the parts of the repository generated from the rule descriptors.
var write = args is ["--write"];
if (!write && args is not ["--check"])
{
    Console.Error.WriteLine("usage: dotnet run --project tools/PolicyLsp.Generator -- --write|--check");
    return 2;
}

var root = RepositoryRoot(Directory.GetCurrentDirectory());
if (root is null)
{
    Console.Error.WriteLine("PolicyLsp.sln not found in the current folder or above it");
    return 2;
}

var stale = 0;
foreach (var file in GeneratedFiles.Render(root, GeneratedFiles.EngineCatalog()))
{
    if (file.IsUpToDate)
    {
        Console.WriteLine($"up to date: {file.Path}");
    }
    else if (write)
    {
        File.WriteAllText(Path.Combine(root, file.Path), file.Expected);
        Console.WriteLine($"written:    {file.Path}");
    }
    else
    {
        Console.WriteLine($"out of date: {file.Path} (run {GeneratedFiles.Command})");
        stale++;
    }
}

return stale == 0 ? 0 : 1;

static string? RepositoryRoot(string? dir)
{
    while (dir is not null && !File.Exists(Path.Combine(dir, "PolicyLsp.sln")))
    {
        dir = Path.GetDirectoryName(dir);
    }

    return dir;
}
